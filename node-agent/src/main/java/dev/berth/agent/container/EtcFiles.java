package dev.berth.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The files Berth writes for each container's /etc: hostname, hosts and resolv.conf. */
final class EtcFiles {
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** Where they are mounted in the container: a file the runtime made there is not the container's change. */
    static final List<String> MOUNTPOINTS = List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");

    private EtcFiles() {}

    /**
     * Writes them into the container's directory and returns container path → host file, for bind mounts. A container
     * on the host's network keeps the host's resolvers as they are, loopback ones included.
     */
    static Map<String, String> write(ContainerPaths paths, String hostname, String hosts, boolean hostNetwork)
            throws IOException {
        Files.writeString(paths.hostname(), hostname + "\n");
        Files.writeString(paths.hosts(), hosts);
        List<String> resolvers = readHostResolvConf();
        Files.writeString(paths.resolvConf(), hostNetwork ? String.join("\n", resolvers) + "\n"
                : resolvConf(resolvers));
        return Map.of("/etc/hostname", paths.hostname().toString(), "/etc/hosts", paths.hosts().toString(),
                "/etc/resolv.conf", paths.resolvConf().toString());
    }

    /** The host's resolver config without loopback nameservers, which mean nothing in another network namespace. */
    static String resolvConf(List<String> host) {
        String kept = host.stream()
                .filter(line -> !line.matches("\\s*nameserver\\s+(127\\.\\S*|::1)\\s*"))
                .collect(Collectors.joining("\n"));
        return kept.isBlank() ? "" : kept + "\n";
    }

    private static List<String> readHostResolvConf() {
        try {
            return Files.readAllLines(HOST_RESOLV_CONF);
        } catch (IOException e) {
            return List.of();
        }
    }
}
