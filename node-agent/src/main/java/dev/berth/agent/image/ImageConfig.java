package dev.berth.agent.image;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The run-time defaults an image carries (the {@code config} object of an OCI image config): what a container runs
 * when {@code berth run} does not say otherwise.
 */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          String user) {

    public ImageConfig {
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
    }

    /** What {@code berth import} gives a bare rootfs: a PATH, and sh as the command, as Docker's busybox has. */
    public static ImageConfig defaults(@Nullable List<String> cmd) {
        return new ImageConfig(
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                List.of(), cmd == null ? List.of() : cmd, "", "");
    }
}
