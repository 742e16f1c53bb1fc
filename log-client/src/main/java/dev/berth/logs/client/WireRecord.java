package dev.berth.logs.client;

/** One decoded record of a body. */
public sealed interface WireRecord {
    /** Declares {@code index} for the bytes records after it; {@code json} is as sent. */
    record SourceRecord(int index, byte[] json) implements WireRecord {}

    /**
     * Bytes of a stream, starting at {@code offset} of it, that arrived at {@code arrivalNanos}. The bytes are
     * {@code length} bytes of {@code buffer} from {@code position}: the reader does not copy them.
     */
    record BytesRecord(int source, long offset, long arrivalNanos, byte[] buffer, int position, int length)
            implements WireRecord {}
}
