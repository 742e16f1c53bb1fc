package dev.berth.logs.metrics;

/** Every meter log-service publishes (at {@code /actuator/prometheus}), with what it measures. */
public enum LogMeters {
    /** Counter: stream bytes stored (after dropping what was already held). */
    INGEST_BYTES("berth.logs.ingest.bytes", "Stream bytes stored"),
    /** Counter: bytes records received. */
    INGEST_RECORDS("berth.logs.ingest.records", "Bytes records received"),
    /** Timer: batches committed, with how long each took from decoding to commit. */
    INGEST_BATCHES("berth.logs.ingest.batches", "Batches committed"),
    /** Counter: batches refused, tagged {@code problem} (invalid-batch, too-large, database-unavailable, ...). */
    INGEST_REFUSED("berth.logs.ingest.refused", "Batches refused"),
    /** Counter: bytes dropped because they were already stored (an agent replaying after a lost ack). */
    DUPLICATE_BYTES("berth.logs.ingest.duplicate.bytes", "Replayed bytes dropped"),
    /** Counter: gaps recorded (an agent skipped bytes of a stream). */
    GAPS("berth.logs.ingest.gaps", "Gaps recorded"),
    /** Gauge: seconds between now and the arrival time of the newest byte committed. */
    INGEST_LAG("berth.logs.ingest.lag", "Now minus the arrival time of the newest committed byte"),
    /** Timer: queries, until their last line was written, tagged {@code follow} = true or false. */
    QUERIES("berth.logs.queries", "Queries served"),
    /** Gauge: follow streams open. */
    FOLLOWERS("berth.logs.followers", "Follow streams open"),
    /** Counter: partitions dropped by retention. */
    PARTITIONS_DROPPED("berth.logs.retention.partitions.dropped", "Partitions dropped by retention");

    private final String meterName;
    private final String description;

    LogMeters(String meterName, String description) {
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
