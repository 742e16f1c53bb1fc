package dev.berth.registry.metrics;

/** Every meter the registry publishes (at {@code /actuator/prometheus}), with what it measures. */
public enum RegistryMeters {
    /** Counter: blobs and manifests stored, tagged {@code kind} = blob, manifest or mount. */
    PUSHES("berth.registry.pushes", "Blobs and manifests pushed"),
    /** Counter: blobs and manifests served, tagged {@code kind} = blob or manifest. */
    PULLS("berth.registry.pulls", "Blobs and manifests pulled"),
    /** Counter: bytes received into uploads. */
    BYTES_RECEIVED("berth.registry.bytes.received", "Bytes received into uploads"),
    /** Counter: blob bytes sent. */
    BYTES_SENT("berth.registry.bytes.sent", "Blob bytes sent"),
    /** Counter: pushes refused, tagged {@code code} = the OCI error code. */
    REFUSALS("berth.registry.refusals", "Requests answered with an OCI error"),
    /** Timer: garbage collection runs. */
    GC_RUNS("berth.registry.gc", "Garbage collection runs"),
    /** Counter: what garbage collection removed, tagged {@code what} = blobs, uploads or orphans. */
    GC_REMOVED("berth.registry.gc.removed", "Items removed by garbage collection"),
    /** Counter: bytes garbage collection freed. */
    GC_REMOVED_BYTES("berth.registry.gc.removed.bytes", "Bytes freed by garbage collection");

    private final String meterName;
    private final String description;

    RegistryMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }
}
