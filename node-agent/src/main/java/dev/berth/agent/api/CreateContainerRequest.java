package dev.berth.agent.api;

import dev.berth.agent.container.ContainerName;
import dev.berth.agent.container.ContainerSpec;
import dev.berth.agent.container.ContainerStdio;
import dev.berth.agent.container.HostCapacity;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.container.Limits;
import dev.berth.agent.launch.UserSpec;
import dev.berth.agent.network.Ipv4;
import dev.berth.agent.network.PortBinding;
import dev.berth.agent.network.Protocol;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/containers}, as received; {@link #toSpec} validates it once. */
record CreateContainerRequest(@Nullable String name, @Nullable String image, @Nullable List<String> cmd,
                              @Nullable List<String> entrypoint, @Nullable List<String> env,
                              @Nullable String workingDir, @Nullable String user, @Nullable String hostname,
                              @Nullable Object memory, @Nullable Double cpus, @Nullable Long pidsLimit,
                              @Nullable Boolean init, @Nullable String network, @Nullable List<PortRequest> ports,
                              @Nullable Boolean autoRemove, @Nullable Boolean stdin, @Nullable Boolean tty,
                              @Nullable Boolean logStdin, @Nullable Map<String, String> labels) {

    /** One of {@code ports}: {@code -p [hostIp:][hostPort:]containerPort[/protocol]}. */
    record PortRequest(@Nullable String hostIp, @Nullable Integer hostPort, @Nullable Integer containerPort,
                       @Nullable String protocol) {

        PortBinding toBinding() {
            if (containerPort == null) {
                throw new InvalidSpecException("ports", "each published port needs a containerPort");
            }
            try {
                return new PortBinding(hostIp == null || hostIp.isEmpty() ? Ipv4.ANY : Ipv4.parse(hostIp),
                        hostPort == null ? 0 : hostPort, containerPort,
                        protocol == null || protocol.isEmpty() ? Protocol.TCP : Protocol.parse(protocol));
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("ports", "invalid published port: " + e.getMessage());
            }
        }
    }

    ContainerSpec toSpec(HostCapacity host) {
        try {
            return new ContainerSpec(
                    name == null || name.isEmpty() ? null : new ContainerName(name.startsWith("/") ? name.substring(1)
                            : name),
                    image == null ? "" : image, cmd, entrypoint, env == null ? List.of() : env, workingDir,
                    user == null ? null : UserSpec.parse(user), hostname,
                    Limits.validate(memory, cpus, pidsLimit, host), Boolean.TRUE.equals(init),
                    network == null || network.isEmpty() || network.equals("default") ? "bridge" : network,
                    ports == null ? List.of() : ports.stream().map(PortRequest::toBinding).toList(),
                    Boolean.TRUE.equals(autoRemove), new ContainerStdio(Boolean.TRUE.equals(stdin),
                            Boolean.TRUE.equals(tty), Boolean.TRUE.equals(logStdin)),
                    labels == null ? Map.of() : labels);
        } catch (InvalidSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(fieldOf(e.getMessage()), e.getMessage());
        }
    }

    private static String fieldOf(@Nullable String message) {
        if (message == null) {
            return "request";
        }
        if (message.startsWith("invalid size")) {
            return "memory";
        }
        if (message.startsWith("invalid container name")) {
            return "name";
        }
        if (message.startsWith("invalid user") || message.startsWith("invalid group")) {
            return "user";
        }
        return "request";
    }
}
