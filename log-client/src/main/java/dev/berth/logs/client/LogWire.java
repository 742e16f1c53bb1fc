package dev.berth.logs.client;

/**
 * Constants of the ingestion wire format, version 1. A body is a sequence of records, big-endian:
 *
 * <pre>
 * source: [u8 1][u16 source][u32 n][n bytes of JSON {"tenant","app","container","stream","node"}]
 * bytes:  [u8 2][u16 source][i64 offset][i64 arrival epoch-nanos][u32 n][n bytes of the stream]
 * </pre>
 *
 * A source record declares an index that later bytes records of the same body refer to; indexes are per body.
 */
public final class LogWire {
    public static final String MEDIA_TYPE = "application/vnd.berth.logs.v1";
    public static final int KIND_SOURCE = 1;
    public static final int KIND_BYTES = 2;
    /** The largest JSON of a source record. */
    public static final int MAX_SOURCE_JSON = 4096;
    /** Header bytes of a bytes record before its payload. */
    public static final int BYTES_HEADER = 1 + 2 + 8 + 8 + 4;
    /** Header bytes of a source record before its JSON. */
    public static final int SOURCE_HEADER = 1 + 2 + 4;

    private LogWire() {}
}
