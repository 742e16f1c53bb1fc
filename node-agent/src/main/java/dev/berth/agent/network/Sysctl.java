package dev.berth.agent.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes under /proc/sys/net (a directory that tests can replace). */
final class Sysctl {
    private final Path root;

    Sysctl(Path root) {
        this.root = root;
    }

    void set(String key, String value) {
        Path file = root.resolve(key);
        try {
            if (!Files.readString(file).trim().equals(value)) {
                Files.writeString(file, value);
            }
        } catch (IOException e) {
            throw new NetworkException("cannot set " + key.replace('/', '.') + "=" + value + ": " + e.getMessage(),
                    e);
        }
    }
}
