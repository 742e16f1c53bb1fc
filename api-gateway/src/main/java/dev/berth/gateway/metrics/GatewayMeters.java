package dev.berth.gateway.metrics;

/** Every meter the gateway records, with what it counts; the routed requests themselves are Spring's own meters. */
public enum GatewayMeters {
    /**
     * Requests the gateway answered itself, before any route, by {@code reason}: {@code unauthorized} (401),
     * {@code missing-scope} (403), {@code too-large} (413), {@code too-many-requests} (429).
     */
    REJECTED("berth.gateway.requests.rejected"),
    /** Requests authenticated, by {@code kind}: {@code api-token} or {@code registry-token}. */
    AUTHENTICATED("berth.gateway.requests.authenticated"),
    /** Requests refused because they would exceed a quota, by {@code quota}: cpu, memory, containers, imageStorage. */
    QUOTA_EXCEEDED("berth.gateway.quota.exceeded"),
    /**
     * Audit entries lost, by {@code reason}: {@code dropped} (the write queue was full) or {@code write-failed} (the
     * database refused the batch). The requests they record were answered all the same.
     */
    AUDIT_LOST("berth.gateway.audit.lost"),
    /**
     * Reads of apps, by {@code result}: {@code hit} (answered from the read cache), {@code miss} (sent to the
     * scheduler, the cache live), {@code off} (sent to the scheduler, the change feed not followed).
     */
    READ_CACHE("berth.gateway.read.cache");

    private final String meterName;

    GatewayMeters(String meterName) {
        this.meterName = meterName;
    }

    public String meterName() {
        return meterName;
    }
}
