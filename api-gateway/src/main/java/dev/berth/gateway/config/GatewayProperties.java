package dev.berth.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings, {@code berth.gateway.*}.
 *
 * @param upstreams where the services listen
 * @param bootstrapTokenFile where the first platform admin token is written (mode 600) when none exists
 * @param maxRequestBody the largest request body outside {@code /v2/} (413 above it)
 * @param rateLimit requests per second and burst, per API token (429 above it)
 * @param tokens the lifetime of a new token when the request names none, and the longest allowed; how long a
 *               token's row read for a request serves the next ones (0: every request reads it)
 * @param registry the Docker token flow: the realm URL the challenge names (by default from the request's host),
 *                 and how long a registry token lasts
 * @param auditQueue how many audit entries may wait to be written; beyond it they are dropped (and counted)
 * @param auditRetention how long audit entries are kept (swept hourly); 0 keeps them all
 * @param quotaLockWait how long a change to a tenant's apps waits for another one of the same tenant to be checked
 *                      and answered (429 beyond it)
 * @param internalTokenFile the internal token sent to every service; unset, none is sent
 * @param readCache whether the tenants' reads of their apps are served from memory while the scheduler's change feed
 *                  says nothing changed; how many answers, how many bytes of them, and how large one, are kept; how
 *                  long the feed may stay silent
 *                  before it counts as lost, and how soon it is tried again
 */
@ConfigurationProperties("berth.gateway")
public record GatewayProperties(
        @DefaultValue Upstreams upstreams,
        @DefaultValue("/etc/berth/admin-token") Path bootstrapTokenFile,
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Tokens tokens,
        @DefaultValue Registry registry,
        @DefaultValue("10000") int auditQueue,
        @DefaultValue("P180D") Duration auditRetention,
        @DefaultValue("PT10S") Duration quotaLockWait,
        @Nullable Path internalTokenFile,
        @DefaultValue ReadCache readCache) {

    public record Upstreams(
            @DefaultValue("http://127.0.0.1:7740") URI scheduler,
            @DefaultValue("http://127.0.0.1:7730") URI logs,
            @DefaultValue("http://127.0.0.1:7720") URI registry,
            @DefaultValue("http://127.0.0.1:7700") URI agent) {}

    public record RateLimit(@DefaultValue("50") double perSecond, @DefaultValue("100") int burst) {}

    public record Tokens(@DefaultValue("P90D") Duration defaultTtl, @DefaultValue("P365D") Duration maxTtl,
                         @DefaultValue("PT1S") Duration cacheTtl) {}

    public record ReadCache(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int maxEntries,
                            @DefaultValue("64MB") DataSize maxSize, @DefaultValue("256KB") DataSize maxEntrySize,
                            @DefaultValue("PT45S") Duration silence, @DefaultValue("PT1S") Duration retry) {}

    public record Registry(@Nullable String realm, @DefaultValue("PT5M") Duration tokenLifetime) {}
}
