package dev.berth.agent.launch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the portable init needs, sent to it over a pipe. A plain binary encoding: the init is a second JVM, and a JSON
 * library would cost it start-up time for nothing.
 */
record InitSpec(String rootfs, List<String> args, List<String> env, String workingDir, String user,
                long capabilities, boolean noNewPrivileges, boolean init) {

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(rootfs);
            writeList(out, args);
            writeList(out, env);
            out.writeUTF(workingDir);
            out.writeUTF(user);
            out.writeLong(capabilities);
            out.writeBoolean(noNewPrivileges);
            out.writeBoolean(init);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static InitSpec decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            return new InitSpec(in.readUTF(), readList(in), readList(in), in.readUTF(), in.readUTF(), in.readLong(),
                    in.readBoolean(), in.readBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int size = in.readInt();
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            values.add(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
