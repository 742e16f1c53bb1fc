package dev.berth.gateway.config;

import dev.berth.gateway.cache.ReadCache;
import dev.berth.gateway.cache.ReadCacheFilter;
import dev.berth.gateway.cache.SchedulerChanges;
import dev.berth.gateway.api.AuditFilter;
import dev.berth.gateway.api.AuthenticationFilter;
import dev.berth.gateway.audit.AuditLog;
import dev.berth.gateway.audit.AuditRetention;
import dev.berth.gateway.audit.AuditStore;
import dev.berth.gateway.api.ErrorResponses;
import dev.berth.gateway.auth.Authenticator;
import dev.berth.gateway.auth.RateLimiter;
import dev.berth.gateway.auth.RegistryTokens;
import dev.berth.gateway.auth.TokenCache;
import dev.berth.db.Database;
import dev.berth.gateway.db.DatabaseException;
import dev.berth.gateway.metrics.GatewayMetrics;
import dev.berth.gateway.quota.QuotaStore;
import dev.berth.gateway.quota.TenantLocks;
import dev.berth.gateway.route.GatewayRoutes;
import dev.berth.gateway.route.InternalTokenRelay;
import dev.berth.gateway.route.QuotaGate;
import dev.berth.gateway.route.UpstreamUsage;
import dev.berth.gateway.tenant.TenantStore;
import dev.berth.gateway.token.TokenLifetimes;
import dev.berth.gateway.token.TokenStore;
import dev.berth.internalauth.InternalToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import java.time.Clock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's wiring: stores over the schema, authentication, the rate limiter, quotas, the audit log, routes. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Database database(DataSource dataSource) {
        return new Database(dataSource, DatabaseException::new);
    }

    @Bean
    TenantStore tenantStore(Database database) {
        return new TenantStore(database);
    }

    @Bean
    TokenStore tokenStore(Database database) {
        return new TokenStore(database);
    }

    @Bean
    RegistryTokens registryTokens(GatewayProperties properties) {
        return RegistryTokens.withRandomKey(properties.registry().tokenLifetime());
    }

    @Bean
    TokenCache tokenCache(GatewayProperties properties) {
        return new TokenCache(properties.tokens().cacheTtl(), System::nanoTime);
    }

    @Bean
    Authenticator authenticator(TokenStore tokens, TokenCache cache, RegistryTokens registryTokens, Clock clock) {
        return new Authenticator(tokens, cache, registryTokens, clock);
    }

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry meters) {
        return new GatewayMetrics(meters);
    }

    @Bean
    AuthenticationFilter authenticationFilter(Authenticator authenticator, GatewayProperties properties,
                                              GatewayMetrics metrics) {
        GatewayProperties.RateLimit limit = properties.rateLimit();
        return new AuthenticationFilter(authenticator,
                new RateLimiter(limit.perSecond(), limit.burst(), System::nanoTime),
                properties.maxRequestBody().toBytes(), metrics);
    }

    @Bean
    QuotaStore quotaStore(Database database) {
        return new QuotaStore(database);
    }

    /** Read once at start; an unreadable file or a bad token stops the start. */
    private static @Nullable InternalToken internalToken(GatewayProperties properties) {
        return properties.internalTokenFile() == null ? null : InternalToken.read(properties.internalTokenFile());
    }

    @Bean
    UpstreamUsage upstreamUsage(GatewayProperties properties) {
        return new UpstreamUsage(properties.upstreams().scheduler(), properties.upstreams().registry(),
                internalToken(properties));
    }

    @Bean
    ReadCache readCache(GatewayProperties properties) {
        GatewayProperties.ReadCache settings = properties.readCache();
        return new ReadCache(settings.maxEntries(), settings.maxSize().toBytes(),
                Math.toIntExact(settings.maxEntrySize().toBytes()));
    }

    /** Without it (read-cache.enabled=false) the cache is never live, and every read goes to the scheduler. */
    @Bean(destroyMethod = "close")
    @Nullable SchedulerChanges schedulerChanges(ReadCache cache, UpstreamUsage upstreams,
                                                GatewayProperties properties) {
        GatewayProperties.ReadCache settings = properties.readCache();
        if (!settings.enabled()) {
            return null;
        }
        return new SchedulerChanges(upstreams.scheduler(), cache, settings.silence(), settings.retry()).start();
    }

    @Bean
    ReadCacheFilter readCacheFilter(ReadCache cache, GatewayMetrics metrics) {
        return new ReadCacheFilter(cache, metrics);
    }

    @Bean
    InternalTokenRelay internalTokenRelay(GatewayProperties properties) {
        return new InternalTokenRelay(internalToken(properties));
    }

    @Bean
    AuditStore auditStore(Database database) {
        return new AuditStore(database);
    }

    @Bean(destroyMethod = "close")
    AuditLog auditLog(AuditStore store, GatewayProperties properties, GatewayMetrics metrics) {
        return new AuditLog(store::append, properties.auditQueue(), metrics);
    }

    @Bean(destroyMethod = "close")
    AuditRetention auditRetention(AuditStore store, GatewayProperties properties, Clock clock) {
        return new AuditRetention(store, properties.auditRetention(), clock).start();
    }

    @Bean
    AuditFilter auditFilter(AuditLog log, Clock clock) {
        return new AuditFilter(log, clock);
    }

    @Bean
    ErrorResponses errorResponses(GatewayProperties properties) {
        return new ErrorResponses(properties.registry().realm());
    }

    @Bean
    TokenLifetimes tokenLifetimes(GatewayProperties properties) {
        return new TokenLifetimes(properties.tokens().defaultTtl(), properties.tokens().maxTtl());
    }

    @Bean
    RouteLocator routes(RouteLocatorBuilder builder, GatewayProperties properties, QuotaStore quotas,
                        UpstreamUsage usage, GatewayMetrics metrics) {
        GatewayProperties.Upstreams upstreams = properties.upstreams();
        return GatewayRoutes.routes(builder, new GatewayRoutes.Upstreams(upstreams.scheduler(), upstreams.logs(),
                upstreams.registry(), upstreams.agent()),
                new QuotaGate(quotas, usage, metrics, new TenantLocks(properties.quotaLockWait())), usage);
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Berth API gateway").version("v1").description(
                "Tenants, their quotas, API tokens, the audit log and the caller's identity. Every error is RFC 9457"
                        + " problem details (the registry under /v2/ answers the OCI error form). Authenticate with"
                        + " Authorization: Bearer TOKEN."));
    }

    @Bean
    BootstrapToken bootstrapToken(TenantStore tenants, TokenStore tokens, GatewayProperties properties, Clock clock) {
        return new BootstrapToken(tenants, tokens, properties.bootstrapTokenFile(), clock);
    }
}
