package dev.berth.logs.store;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The arrival index of a chunk: when each write arrived. A mark (offset, time) says that the bytes from that offset
 * of the chunk up to the next mark arrived at that time; lines within one write share its time. The first mark is
 * implicit, (0, the chunk's first_ns); the others are stored as unsigned varint offset deltas and zigzag varint
 * nanosecond deltas, each from the mark before: a few bytes per write, however many lines it holds.
 */
public final class ArrivalMarks {
    private final int[] offsets;
    private final long[] times;

    private ArrivalMarks(int[] offsets, long[] times) {
        this.offsets = offsets;
        this.times = times;
    }

    /** Decodes {@code encoded} for a chunk whose first byte arrived at {@code firstNs}. */
    public static ArrivalMarks decode(byte[] encoded, long firstNs) {
        int[] offsets = new int[8];
        long[] times = new long[8];
        offsets[0] = 0;
        times[0] = firstNs;
        int count = 1;
        int[] at = {0};
        while (at[0] < encoded.length) {
            long offsetDelta = readVarint(encoded, at);
            long timeDelta = unzigzag(readVarint(encoded, at));
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                times = Arrays.copyOf(times, count * 2);
            }
            offsets[count] = (int) (offsets[count - 1] + offsetDelta);
            times[count] = times[count - 1] + timeDelta;
            count++;
        }
        return new ArrivalMarks(Arrays.copyOf(offsets, count), Arrays.copyOf(times, count));
    }

    /** When the byte at {@code position} of the chunk arrived. */
    public long timeAt(int position) {
        int low = 0;
        int high = offsets.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (offsets[middle] <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return times[low];
    }

    public int size() {
        return offsets.length;
    }

    /** Builds the marks of one chunk, write by write. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int lastOffset;
        private long lastTime;
        private boolean started;

        /** The write starting at {@code position} of the chunk arrived at {@code time}. */
        public void mark(int position, long time) {
            if (!started) {
                if (position != 0) {
                    throw new IllegalArgumentException("the first mark is at position 0, not " + position);
                }
                started = true;
                lastTime = time;
                return;
            }
            if (time == lastTime) {
                return; // the same arrival: the mark before covers it
            }
            if (position < lastOffset) {
                throw new IllegalArgumentException("marks go forward: " + position + " after " + lastOffset);
            }
            writeVarint(out, position - lastOffset);
            writeVarint(out, zigzag(time - lastTime));
            lastOffset = position;
            lastTime = time;
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static long readVarint(byte[] in, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= in.length) {
                throw new IllegalArgumentException("arrival marks end inside a varint");
            }
            int b = in[at[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint of the arrival marks is longer than 10 bytes");
    }

    static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
