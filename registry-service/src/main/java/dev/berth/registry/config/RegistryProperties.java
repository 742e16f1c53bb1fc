package dev.berth.registry.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The registry's settings ({@code berth.registry.*}). The database is Spring's {@code spring.datasource.*}.
 *
 * @param dataDir where blobs and uploads are kept (see {@code FilesystemBlobStore} for the layout)
 * @param schema the PostgreSQL schema of the registry's tables and of Flyway's history
 * @param limits sizes the registry refuses to exceed
 * @param gc garbage collection
 */
@ConfigurationProperties("berth.registry")
public record RegistryProperties(@DefaultValue("/var/lib/berth/registry") Path dataDir,
                                 @DefaultValue("registry") String schema,
                                 @DefaultValue Limits limits,
                                 @DefaultValue Gc gc) {

    public RegistryProperties {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("berth.registry.schema must be a plain lowercase SQL identifier, not '"
                    + schema + "'");
        }
    }

    /**
     * {@code berth.registry.limits.*}; each is named in the error that enforces it.
     *
     * @param maxManifestSize a manifest (413 MANIFEST_INVALID beyond it)
     * @param maxBlobSize one blob, over all the chunks of its upload (413 SIZE_INVALID)
     * @param maxRequestBody the body of any one request (413)
     * @param maxConcurrentUploads requests writing blob bytes at once; more are answered 429 TOO_MANY_REQUESTS
     */
    public record Limits(@DefaultValue("4MB") DataSize maxManifestSize,
                         @DefaultValue("10GB") DataSize maxBlobSize,
                         @DefaultValue("10GB") DataSize maxRequestBody,
                         @DefaultValue("64") int maxConcurrentUploads) {}

    /**
     * {@code berth.registry.gc.*}.
     *
     * @param grace how long an unreferenced blob is kept after it was last pushed, mounted or checked for
     * @param interval how often collection runs on its own; zero turns that off ({@code POST /api/v1/gc} still works)
     * @param uploadExpiry how long an upload nobody writes to is kept
     */
    public record Gc(@DefaultValue("1h") Duration grace,
                     @DefaultValue("1h") Duration interval,
                     @DefaultValue("24h") Duration uploadExpiry) {}
}
