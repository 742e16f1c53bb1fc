package dev.berth.agent.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A container's /etc/hosts: localhost, its own name, and on a user network every peer by name, which is how
 * containers there find each other.
 */
public final class HostsFile {

    /** Another container on the same network. */
    public record Peer(String name, String shortId, Ipv4 address) {}

    private HostsFile() {}

    public static String render(String hostname, @Nullable Ipv4 own, List<Peer> peers) {
        StringBuilder hosts = new StringBuilder("""
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                ff00::0\tip6-mcastprefix
                ff02::1\tip6-allnodes
                ff02::2\tip6-allrouters
                """);
        hosts.append(own == null ? "127.0.1.1" : own.toString()).append('\t').append(hostname).append('\n');
        for (Peer peer : peers) {
            hosts.append(peer.address()).append('\t').append(peer.name()).append(' ').append(peer.shortId())
                    .append('\n');
        }
        return hosts.toString();
    }

    /**
     * Rewrites the file in place. It is bind-mounted into the running container, so it must stay the same inode: a
     * rename would leave the container reading the old one.
     */
    public static void rewrite(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, bytes.length - buffer.remaining());
            }
            channel.truncate(bytes.length);
        }
    }
}
