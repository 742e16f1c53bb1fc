package dev.berth.registry.config;

import dev.berth.db.AdvisoryLock;
import dev.berth.db.Database;
import dev.berth.registry.Limits;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.blob.Blobs;
import dev.berth.registry.blob.FilesystemBlobStore;
import dev.berth.registry.db.DatabaseException;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.manifest.Manifests;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.search.ImageSearch;
import dev.berth.registry.upload.Uploads;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Builds the registry's parts from its settings. Everything below this class is plain Java. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RegistryConfiguration.class);

    @Bean
    Limits limits(RegistryProperties properties) {
        RegistryProperties.Limits limits = properties.limits();
        return new Limits(limits.maxManifestSize().toBytes(), limits.maxBlobSize().toBytes(),
                limits.maxRequestBody().toBytes());
    }

    @Bean
    Database database(DataSource dataSource) {
        return new Database(dataSource, DatabaseException::new);
    }

    /**
     * The lock that garbage collection holds exclusively and pushes shared: whatever a push checks under it (a blob
     * exists) stays true until it commits (the manifest that references the blob is stored).
     */
    @Bean
    AdvisoryLock gcLock(RegistryProperties properties) {
        // One lock per schema: registries (or test runs) in other schemas of the same database never wait on it.
        byte[] hash = Digest.newSha256().digest(("berth.registry.gc/" + properties.schema())
                .getBytes(StandardCharsets.UTF_8));
        return new AdvisoryLock(ByteBuffer.wrap(hash).getLong());
    }

    @Bean
    BlobStore blobStore(RegistryProperties properties) throws IOException {
        return new FilesystemBlobStore(properties.dataDir());
    }

    @Bean
    RegistryMetrics registryMetrics(MeterRegistry meters) {
        return new RegistryMetrics(meters);
    }

    @Bean
    Blobs blobs(Database db, AdvisoryLock gcLock, BlobStore store, RegistryMetrics metrics,
                RegistryProperties properties) {
        // A tenth of the grace period, at most a minute: HEADs of a popular blob write at most once a minute.
        Duration touchEvery = properties.gc().grace().dividedBy(10);
        if (touchEvery.compareTo(Duration.ofMinutes(1)) > 0) {
            touchEvery = Duration.ofMinutes(1);
        }
        return new Blobs(db, gcLock, store, metrics, touchEvery);
    }

    @Bean
    Uploads uploads(Database db, AdvisoryLock gcLock, BlobStore store, Limits limits, RegistryMetrics metrics) {
        return new Uploads(db, gcLock, store, limits, metrics);
    }

    @Bean
    Manifests manifests(Database db, AdvisoryLock gcLock, Limits limits, RegistryMetrics metrics) {
        return new Manifests(db, gcLock, JsonMapper.builder().build(), limits, metrics);
    }

    @Bean
    Catalog catalog(Database db) {
        return new Catalog(db);
    }

    @Bean
    ImageSearch imageSearch(Database db) {
        return new ImageSearch(db);
    }

    @Bean
    GarbageCollector garbageCollector(Database db, AdvisoryLock gcLock, BlobStore store, Uploads uploads,
                                      RegistryProperties properties, RegistryMetrics metrics) {
        RegistryProperties.Gc gc = properties.gc();
        return new GarbageCollector(db, gcLock, store, uploads, gc.grace(), gc.uploadExpiry(), metrics);
    }

    @Bean(destroyMethod = "close")
    GcSchedule gcSchedule(GarbageCollector collector, RegistryProperties properties) {
        log.info("registry ready: blobs in {}, schema {}, gc every {} with a grace of {}", properties.dataDir(),
                properties.schema(), properties.gc().interval(), properties.gc().grace());
        return new GcSchedule(collector, properties.gc().interval());
    }
}
