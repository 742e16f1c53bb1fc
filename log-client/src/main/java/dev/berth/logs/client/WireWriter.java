package dev.berth.logs.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Encodes one body: sources are declared on first use, then bytes records refer to them by index. */
public final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private final Map<Source, Integer> indexes = new HashMap<>();

    /** Adds {@code length} bytes of {@code source}'s stream from {@code offset}, arrived at {@code arrivalNanos}. */
    public WireWriter bytes(Source source, long offset, long arrivalNanos, byte[] bytes, int from, int length) {
        int index = indexes.computeIfAbsent(source, this::declare);
        out.write(LogWire.KIND_BYTES);
        u16(index);
        i64(offset);
        i64(arrivalNanos);
        u32(length);
        out.write(bytes, from, length);
        return this;
    }

    public WireWriter bytes(Source source, long offset, long arrivalNanos, byte[] bytes) {
        return bytes(source, offset, arrivalNanos, bytes, 0, bytes.length);
    }

    public int size() {
        return out.size();
    }

    public boolean isEmpty() {
        return out.size() == 0;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private int declare(Source source) {
        int index = indexes.size();
        if (index > 0xffff) {
            throw new IllegalStateException("a body declares at most 65536 sources");
        }
        byte[] json = source.toJson().getBytes(StandardCharsets.UTF_8);
        out.write(LogWire.KIND_SOURCE);
        u16(index);
        u32(json.length);
        out.write(json, 0, json.length);
        return index;
    }

    private void u16(int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private void u32(long value) {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }

    private void i64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }
}
