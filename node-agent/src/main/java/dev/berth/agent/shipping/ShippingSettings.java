package dev.berth.agent.shipping;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How this node ships its logs.
 *
 * @param service log-service's base URI; null when shipping is off
 * @param spoolDir where removed containers' logs wait until they are shipped
 * @param dropOldest whether the oldest unshipped bytes are skipped once the spool passes {@code spoolCap}
 */
public record ShippingSettings(@Nullable URI service, String tenant, String node, Path spoolDir, long spoolCap,
                               boolean dropOldest, int batchBytes, int recordBytes, Duration timeout) {

    public ShippingSettings {
        tenant = SourceNames.sanitize(tenant);
        node = SourceNames.sanitize(node);
        if (recordBytes < 1 || batchBytes < recordBytes + 1024) {
            throw new IllegalArgumentException("berth.agent.logs: batch-bytes must exceed record-bytes by 1 KiB and "
                    + "record-bytes must be positive");
        }
    }

    public boolean enabled() {
        return service != null;
    }

    /** The host's name, as the kernel has it (no resolver involved). */
    public static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "node";
        }
    }
}
