package dev.berth.agent.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bytes and packets through a container's {@code eth0}, as the container sees them. They are read from the host end of
 * its veth pair in sysfs, where what the host end receives is what the container sent.
 */
public record InterfaceCounters(long rxBytes, long txBytes, long rxPackets, long txPackets) {

    static Optional<InterfaceCounters> ofHostEnd(Path sysClassNet, String hostInterface) {
        Path statistics = sysClassNet.resolve(hostInterface).resolve("statistics");
        try {
            return Optional.of(new InterfaceCounters(read(statistics, "tx_bytes"), read(statistics, "rx_bytes"),
                    read(statistics, "tx_packets"), read(statistics, "rx_packets")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long read(Path statistics, String counter) throws IOException {
        return Long.parseLong(Files.readString(statistics.resolve(counter)).trim());
    }
}
