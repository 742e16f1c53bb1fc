package dev.berth.logs.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings ({@code berth.logs.*}). The database is Spring's {@code spring.datasource.*}.
 *
 * @param schema the PostgreSQL schema of the service's tables and of Flyway's history
 * @param chunkSize the most payload bytes one stored chunk holds
 * @param ingest limits of ingestion
 * @param query limits and pace of queries
 * @param retention how long logs are kept
 */
@ConfigurationProperties("berth.logs")
public record LogProperties(@DefaultValue("logs") String schema,
                            @DefaultValue("256KB") DataSize chunkSize,
                            @DefaultValue Ingest ingest,
                            @DefaultValue Query query,
                            @DefaultValue Retention retention) {

    public LogProperties {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("berth.logs.schema must be a plain lowercase SQL identifier, not '"
                    + schema + "'");
        }
        if (chunkSize.toBytes() < 1024 || chunkSize.toBytes() > 64L << 20) {
            throw new IllegalArgumentException("berth.logs.chunk-size must be between 1KB and 64MB, not " + chunkSize);
        }
    }

    /**
     * {@code berth.logs.ingest.*}; each is named in the error that enforces it.
     *
     * @param maxRecord the payload of one bytes record (413 beyond it)
     * @param maxRequest one request body (413)
     * @param maxConcurrent batches decoded and stored at once; more are answered 429
     */
    public record Ingest(@DefaultValue("4MB") DataSize maxRecord,
                         @DefaultValue("32MB") DataSize maxRequest,
                         @DefaultValue("16") int maxConcurrent) {}

    /**
     * {@code berth.logs.query.*}.
     *
     * @param maxTail the largest {@code tail}
     * @param maxLine the longest line delivered whole; a longer one comes in pieces of this size
     * @param followPoll how often a follow looks for new chunks
     * @param partialLineDelay how long a follow holds a line whose end has not arrived before delivering it as is
     */
    public record Query(@DefaultValue("100000") long maxTail,
                       @DefaultValue("16MB") DataSize maxLine,
                       @DefaultValue("150ms") Duration followPoll,
                       @DefaultValue("1s") Duration partialLineDelay) {}

    /**
     * {@code berth.logs.retention.*}.
     *
     * @param defaultDays how long a tenant without a retention of its own keeps logs
     * @param interval how often retention runs (and partitions are made ahead); zero turns the schedule off
     * @param daysAhead partitions made for the days to come
     */
    public record Retention(@DefaultValue("7") int defaultDays,
                            @DefaultValue("1h") Duration interval,
                            @DefaultValue("2") int daysAhead) {}
}
