package dev.berth.registry;

/**
 * The sizes the registry refuses to exceed, in bytes, each with the setting that changes it (named in the error, so
 * that whoever meets it knows what to raise).
 *
 * @param maxManifestBytes a manifest ({@code berth.registry.limits.max-manifest-size})
 * @param maxBlobBytes one blob, over all the chunks of its upload ({@code berth.registry.limits.max-blob-size})
 * @param maxRequestBytes the body of any one request ({@code berth.registry.limits.max-request-body})
 */
public record Limits(long maxManifestBytes, long maxBlobBytes, long maxRequestBytes) {
    public static final String MANIFEST_SETTING = "berth.registry.limits.max-manifest-size";
    public static final String BLOB_SETTING = "berth.registry.limits.max-blob-size";
    public static final String REQUEST_SETTING = "berth.registry.limits.max-request-body";

    public Limits {
        if (maxManifestBytes < 1 || maxBlobBytes < 1 || maxRequestBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Bytes as a person reads them: {@code 4 MiB}, {@code 10 GiB}, {@code 1500 bytes}. */
    public static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long unit = 1L << 40;
        for (int i = units.length - 1; i >= 0; i--, unit >>= 10) {
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + " " + units[i];
            }
        }
        return bytes + " bytes";
    }
}
