package dev.berth.cli.gateway;

import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.http.GatewayRefusalException;
import dev.berth.cli.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The api-gateway's admin API ({@code api-gateway/README.md}). Listings are read page after page to the end. Its
 * problem details become one line ({@code not found: no token 0123…}); refusals of the token keep their own
 * ({@link GatewayRefusalException}).
 */
public final class GatewayApi {

    private static final ApiPath TENANTS = ApiPath.of("api", "v1", "tenants");
    private static final ApiPath TOKENS = ApiPath.of("api", "v1", "tokens");

    private final AgentClient client;

    public GatewayApi(AgentClient client) {
        this.client = client;
    }

    public Whoami whoami() {
        return call(() -> client.get(ApiPath.of("api", "v1", "whoami"), Whoami.class));
    }

    public Tenant createTenant(String name) {
        return call(() -> client.post(TENANTS, Map.of("name", name), Tenant.class));
    }

    public List<Tenant> tenants() {
        return pages(TENANTS, Tenant.class);
    }

    /** A tenant's quota, and what it uses now. */
    public TenantQuota quota(String tenant) {
        return call(() -> client.get(ApiPath.of("api", "v1", "tenants", tenant, "quota"), TenantQuota.class));
    }

    /** Replaces a tenant's limits: {@code limits} holds only the ones set ({@code cpu}, {@code memory}, …). */
    public TenantQuota setQuota(String tenant, Map<String, Object> limits) {
        return call(() -> client.put(ApiPath.of("api", "v1", "tenants", tenant, "quota"), limits, TenantQuota.class));
    }

    public ApiToken createToken(TokenRequest request) {
        return call(() -> client.post(TOKENS, request, ApiToken.class));
    }

    /** @param tenant whose tokens; null for the caller's (all tenants' for a platform admin) */
    public List<ApiToken> tokens(@Nullable String tenant) {
        return pages(TOKENS.query("tenant", tenant), ApiToken.class);
    }

    public void revokeToken(String id) {
        call(() -> {
            client.delete(ApiPath.of("api", "v1", "tokens", id));
            return null;
        });
    }

    /** Every item of a listing, following {@code next} from page to page. */
    private <T> List<T> pages(ApiPath first, Class<T> type) {
        List<T> items = new ArrayList<>();
        String after = null;
        do {
            ApiPath page = first.query("after", after);
            JsonNode answer = call(() -> client.getTree(page));
            for (JsonNode item : answer.path("items")) {
                items.add(Json.mapper().treeToValue(item, type));
            }
            JsonNode next = answer.get("next");
            after = next != null && next.isString() ? next.asString() : null;
        } while (after != null);
        return items;
    }

    private static <T> T call(Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (GatewayRefusalException e) {
            throw e;
        } catch (AgentErrorException e) {
            throw new GatewayError(e.status(), e.problem(), e);
        }
    }
}
