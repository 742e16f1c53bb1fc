package dev.berth.agent.api;

import dev.berth.agent.container.ContainerName;
import dev.berth.agent.container.ContainerSpec;
import dev.berth.agent.container.HostCapacity;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.container.Limits;
import dev.berth.agent.launch.UserSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1/containers}, as received; {@link #toSpec} validates it once. */
record CreateContainerRequest(@Nullable String name, @Nullable String image, @Nullable List<String> cmd,
                              @Nullable List<String> entrypoint, @Nullable List<String> env,
                              @Nullable String workingDir, @Nullable String user, @Nullable String hostname,
                              @Nullable Object memory, @Nullable Double cpus, @Nullable Long pidsLimit,
                              @Nullable Boolean init, @Nullable String network, @Nullable Boolean autoRemove) {

    ContainerSpec toSpec(HostCapacity host) {
        try {
            return new ContainerSpec(
                    name == null || name.isEmpty() ? null : new ContainerName(name.startsWith("/") ? name.substring(1)
                            : name),
                    image == null ? "" : image, cmd, entrypoint, env == null ? List.of() : env, workingDir,
                    user == null ? null : UserSpec.parse(user), hostname,
                    Limits.validate(memory, cpus, pidsLimit, host), Boolean.TRUE.equals(init),
                    network == null || network.isEmpty() || network.equals("default") ? "none" : network,
                    Boolean.TRUE.equals(autoRemove));
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
