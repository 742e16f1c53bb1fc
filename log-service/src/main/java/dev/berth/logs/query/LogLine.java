package dev.berth.logs.query;

import org.jspecify.annotations.Nullable;

/**
 * One line of a stream: its bytes without the newline, where it starts and ends in the stream, and when its first
 * byte arrived. {@code complete} is false for a line cut short (the stream's last bytes so far, or before a gap).
 * A line with {@code skip} set only moves the reader's position: the end of a line that began before the start.
 * {@code id} is the cursor after this line, set when it is delivered.
 */
public record LogLine(StreamKey key, long start, long end, long timeNs, byte[] bytes, boolean complete, boolean skip,
                      @Nullable String id) {

    public LogLine withId(String cursor) {
        return new LogLine(key, start, end, timeNs, bytes, complete, skip, cursor);
    }

    /** The order of delivery: by arrival time, then offset, then stream. */
    static int order(LogLine a, LogLine b) {
        int byTime = Long.compare(a.timeNs, b.timeNs);
        if (byTime != 0) {
            return byTime;
        }
        int byOffset = Long.compare(a.start, b.start);
        return byOffset != 0 ? byOffset : a.key.compareTo(b.key);
    }
}
