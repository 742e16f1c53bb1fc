package dev.berth.logs.store;

/**
 * A contiguous range of one stream's bytes, as stored: {@code data} holds the bytes from {@code startOffset} to
 * {@code endOffset}; {@code marks} their arrival times (see {@link ArrivalMarks}).
 */
public record Chunk(String tenant, String app, String container, int stream, long startOffset, long endOffset,
                    long firstNs, long lastNs, int lineCount, boolean startsLine, byte[] marks, byte[] data) {

    public int length() {
        return (int) (endOffset - startOffset);
    }
}
