package dev.berth.agent.container;

import java.time.Instant;
import java.util.ArrayList;
import dev.berth.agent.network.NetworkAttachment;
import dev.berth.agent.network.PortBinding;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container as created: the spec merged with its image's defaults. Written once, never changed.
 *
 * @param layerDirs the image's unpacked layers, top first, resolved when the container was created
 * @param network the network as asked for ({@code bridge}, {@code none}, {@code host} or a network's name)
 * @param attachment the network joined, with the address leased for the container's lifetime
 * @param ports the ports to publish at each start
 * @param stdio whether it has an open stdin, a terminal, a logged stdin
 * @param labels Docker-style labels; {@code berth.tenant} and {@code berth.app} name whose its logs are
 */
public record ContainerConfig(ContainerId id, ContainerName name, Instant created, String image, String imageId,
                              List<String> layerDirs, List<String> entrypoint, List<String> cmd, List<String> env,
                              String workingDir, String user, String hostname, Limits limits, boolean init,
                              String network, NetworkAttachment attachment, List<PortBinding> ports,
                              boolean autoRemove, ContainerStdio stdio, Map<String, String> labels) {

    public ContainerConfig {
        // Containers created before interactive stdio existed have none.
        stdio = stdio == null ? ContainerStdio.none() : stdio;
        // Containers created before labels existed have none.
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        // Containers created before networking existed have neither.
        attachment = attachment == null ? NetworkAttachment.none() : attachment;
        ports = ports == null ? List.of() : List.copyOf(ports);
        layerDirs = List.copyOf(layerDirs);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }

    /** The process's argv: the entrypoint followed by the command. */
    public List<String> args() {
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        return args;
    }

    /** The command as {@code docker ps} shows it. */
    public String commandLine() {
        return String.join(" ", args());
    }
}
