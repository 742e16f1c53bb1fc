package dev.berth.logs.client;

import java.util.NoSuchElementException;

/** Decodes a whole body held in memory, record after record, checking every length against the limits. */
public final class WireReader {
    private final byte[] body;
    private final int end;
    private final int maxRecordBytes;
    private int position;

    /**
     * @param maxRecordBytes the most payload bytes one bytes record may carry
     */
    public WireReader(byte[] body, int length, int maxRecordBytes) {
        this.body = body;
        this.end = length;
        this.maxRecordBytes = maxRecordBytes;
    }

    public boolean hasNext() {
        return position < end;
    }

    public WireRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int start = position;
        int kind = body[position] & 0xff;
        switch (kind) {
            case LogWire.KIND_SOURCE -> {
                need(start, LogWire.SOURCE_HEADER, "source record header");
                int index = u16(start + 1);
                long length = u32(start + 3);
                if (length > LogWire.MAX_SOURCE_JSON) {
                    throw new WireFormatException("source record at byte " + start + " declares " + length
                            + " bytes of JSON; the most is " + LogWire.MAX_SOURCE_JSON, true);
                }
                need(start, LogWire.SOURCE_HEADER + (int) length, "source record JSON");
                byte[] json = new byte[(int) length];
                System.arraycopy(body, start + LogWire.SOURCE_HEADER, json, 0, (int) length);
                position = start + LogWire.SOURCE_HEADER + (int) length;
                return new WireRecord.SourceRecord(index, json);
            }
            case LogWire.KIND_BYTES -> {
                need(start, LogWire.BYTES_HEADER, "bytes record header");
                int source = u16(start + 1);
                long offset = i64(start + 3);
                long arrival = i64(start + 11);
                long length = u32(start + 19);
                if (offset < 0) {
                    throw new WireFormatException("bytes record at byte " + start + " has a negative offset "
                            + offset, false);
                }
                if (length > maxRecordBytes) {
                    throw new WireFormatException("bytes record at byte " + start + " carries " + length
                            + " bytes; the most one record may carry is " + maxRecordBytes, true);
                }
                need(start, LogWire.BYTES_HEADER + (int) length, "bytes record payload");
                position = start + LogWire.BYTES_HEADER + (int) length;
                return new WireRecord.BytesRecord(source, offset, arrival, body, start + LogWire.BYTES_HEADER,
                        (int) length);
            }
            default -> throw new WireFormatException("unknown record kind " + kind + " at byte " + start
                    + " (1 = source, 2 = bytes)", false);
        }
    }

    private void need(int start, int bytes, String what) {
        if ((long) start + bytes > end) {
            throw new WireFormatException("the body ends inside a " + what + " at byte " + start + ": it needs "
                    + bytes + " bytes, " + (end - start) + " are left", false);
        }
    }

    private int u16(int at) {
        return ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
    }

    private long u32(int at) {
        return ((long) (body[at] & 0xff) << 24) | ((body[at + 1] & 0xff) << 16) | ((body[at + 2] & 0xff) << 8)
                | (body[at + 3] & 0xff);
    }

    private long i64(int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (body[at + i] & 0xff);
        }
        return value;
    }
}
