package dev.berth.logs.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes chunks with one binary {@code COPY} per batch: the payload goes over the wire as it is (text COPY or
 * INSERT parameters would escape or re-encode every byte), and PostgreSQL routes each row to its day partition.
 */
public final class ChunkCopy {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final String SQL = "COPY chunks (tenant, app, container, stream, start_offset, end_offset,"
            + " first_ns, last_ns, line_count, starts_line, marks, data) FROM STDIN (FORMAT binary)";
    private static final int FIELDS = 12;

    private ChunkCopy() {}

    public static void copy(Connection connection, List<Chunk> chunks) throws SQLException {
        if (chunks.isEmpty()) {
            return;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            Row row = new Row();
            copy.writeToCopy(HEADER, 0, HEADER.length);
            for (Chunk chunk : chunks) {
                row.reset();
                row.u16(FIELDS);
                row.text(chunk.tenant());
                row.text(chunk.app());
                row.text(chunk.container());
                row.field(2);
                row.u16(chunk.stream());
                row.int8(chunk.startOffset());
                row.int8(chunk.endOffset());
                row.int8(chunk.firstNs());
                row.int8(chunk.lastNs());
                row.field(4);
                row.i32(chunk.lineCount());
                row.field(1);
                row.write(chunk.startsLine() ? 1 : 0);
                row.bytes(chunk.marks());
                copy.writeToCopy(row.buffer(), 0, row.size());
                byte[] length = {(byte) (chunk.data().length >>> 24), (byte) (chunk.data().length >>> 16),
                    (byte) (chunk.data().length >>> 8), (byte) chunk.data().length};
                copy.writeToCopy(length, 0, 4);
                copy.writeToCopy(chunk.data(), 0, chunk.data().length);
            }
            byte[] trailer = {(byte) 0xff, (byte) 0xff};
            copy.writeToCopy(trailer, 0, 2);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** One row's fields before its data, in COPY's binary form. */
    private static final class Row extends ByteArrayOutputStream {
        Row() {
            super(512);
        }

        byte[] buffer() {
            return buf;
        }

        void u16(int value) {
            write(value >>> 8);
            write(value);
        }

        void i32(int value) {
            write(value >>> 24);
            write(value >>> 16);
            write(value >>> 8);
            write(value);
        }

        void field(int length) {
            i32(length);
        }

        void int8(long value) {
            field(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (value >>> shift));
            }
        }

        void text(String value) {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(byte[] value) {
            field(value.length);
            try {
                write(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
