package dev.berth.agent.shipping;

import dev.berth.logs.client.Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shipped} file beside a container's logs: per stream, the offset below which log-service holds every
 * byte (or the shipper dropped it), and the tenant and app the bytes were shipped as, so that a removed container's
 * spool can be drained under the same names after a restart.
 * <pre>
 * tenant default
 * app web
 * stdout 1048576
 * stderr 312
 * </pre>
 * Written to a temporary file and renamed over the old one; not flushed, since log-service drops a replay of what
 * it already holds: a lost update costs bytes sent twice, never bytes lost.
 */
public record ShippedOffsets(String tenant, String app, Map<Stream, Long> offsets) {
    public static final String FILE = "shipped";

    public ShippedOffsets {
        offsets = Map.copyOf(offsets);
    }

    public long of(Stream stream) {
        return offsets.getOrDefault(stream, 0L);
    }

    /** The file in {@code directory}, or null when there is none (nothing shipped yet) or it cannot be read. */
    public static @Nullable ShippedOffsets read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        String tenant = null;
        String app = null;
        Map<Stream, Long> offsets = new EnumMap<>(Stream.class);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String key = line.substring(0, space);
                String value = line.substring(space + 1).strip();
                switch (key) {
                    case "tenant" -> tenant = value;
                    case "app" -> app = value;
                    default -> offsets.put(Stream.parse(key), Long.parseLong(value));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return tenant == null || app == null ? null : new ShippedOffsets(tenant, app, offsets);
    }

    public void write(Path directory) {
        StringBuilder text = new StringBuilder("tenant ").append(tenant).append("\napp ").append(app).append('\n');
        for (Stream stream : Stream.values()) {
            Long offset = offsets.get(stream);
            if (offset != null) {
                text.append(stream.wireName()).append(' ').append(offset).append('\n');
            }
        }
        Path file = directory.resolve(FILE);
        Path temp = directory.resolve(FILE + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save shipped offsets in " + directory, e);
        }
    }
}
