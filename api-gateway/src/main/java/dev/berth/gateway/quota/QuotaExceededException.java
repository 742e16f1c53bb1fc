package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.tenant.TenantName;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request refused before it reached a service, because it would take the tenant over a quota. */
public final class QuotaExceededException extends GatewayException {
    private final Exceeded exceeded;

    public QuotaExceededException(TenantName tenant, Exceeded exceeded) {
        super(Problem.QUOTA_EXCEEDED, exceeded.message(tenant));
        this.exceeded = exceeded;
    }

    public Exceeded exceeded() {
        return exceeded;
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("quota", exceeded.quota());
        details.put("limit", exceeded.limit());
        details.put("used", exceeded.used());
        details.put("requested", exceeded.requested());
        return details;
    }
}
