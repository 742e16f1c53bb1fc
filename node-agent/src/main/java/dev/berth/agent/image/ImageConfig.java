package dev.berth.agent.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The run-time defaults an image carries (the {@code config} object of an OCI image config): what a container runs
 * when {@code berth run} does not say otherwise.
 *
 * @param env {@code KEY=value} entries
 * @param entrypoint the executable and its first arguments; empty for none
 * @param cmd the default command, or the arguments to the entrypoint; empty for none
 * @param workingDir the directory the process starts in; empty for {@code /}
 * @param user {@code uid[:gid]} or a name; empty for root
 * @param exposedPorts {@code port/protocol} entries such as {@code 80/tcp}, sorted; documentation only, as in Docker:
 *     nothing is published unless {@code run -p} asks
 * @param labels free-form metadata, sorted by key
 */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          String user, List<String> exposedPorts, Map<String, String> labels) {

    public ImageConfig {
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        exposedPorts = List.copyOf(new TreeSet<>(exposedPorts));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A config without exposed ports or labels. */
    public ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user) {
        this(env, entrypoint, cmd, workingDir, user, List.of(), Map.of());
    }

    /** What {@code berth import} gives a bare rootfs: a PATH, and sh as the command, as Docker's busybox has. */
    public static ImageConfig defaults(@Nullable List<String> cmd) {
        return new ImageConfig(
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                List.of(), cmd == null ? List.of() : cmd, "", "");
    }

    /**
     * This config with Dockerfile-like change lines applied in order, as {@code docker import --change} and
     * {@code docker commit --change} apply them: {@code CMD} and {@code ENTRYPOINT} in JSON-array form
     * ({@code CMD ["echo", "hi"]}) or shell form ({@code CMD echo hi}, which runs as
     * {@code ["/bin/sh", "-c", "echo hi"]}), {@code ENV K=V [K2=V2 ...]} or {@code ENV K V}, {@code WORKDIR},
     * {@code USER}, {@code EXPOSE 80 53/udp} and {@code LABEL k=v [k2=v2 ...]}. As in a Dockerfile, {@code ENTRYPOINT}
     * clears the command unless a {@code CMD} came before it in the same list.
     *
     * @throws IllegalArgumentException naming the line, for any other instruction or a malformed argument
     */
    public ImageConfig withChanges(List<String> changes) {
        return new ConfigChanges(this).apply(changes);
    }

    /** This config with {@code KEY=value} set, replacing an entry of the same key. */
    public ImageConfig withEnv(String keyValue) {
        String key = keyOf(keyValue);
        List<String> merged = new ArrayList<>(env.size() + 1);
        boolean replaced = false;
        for (String entry : env) {
            if (keyOf(entry).equals(key)) {
                if (!replaced) {
                    merged.add(keyValue);
                    replaced = true;
                }
            } else {
                merged.add(entry);
            }
        }
        if (!replaced) {
            merged.add(keyValue);
        }
        return new ImageConfig(merged, entrypoint, cmd, workingDir, user, exposedPorts, labels);
    }

    ImageConfig withEntrypoint(List<String> entrypoint, List<String> cmd) {
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, exposedPorts, labels);
    }

    ImageConfig withCmd(List<String> cmd) {
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, exposedPorts, labels);
    }

    ImageConfig withWorkingDir(String workingDir) {
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, exposedPorts, labels);
    }

    ImageConfig withUser(String user) {
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, exposedPorts, labels);
    }

    ImageConfig withExposedPort(String portAndProtocol) {
        List<String> more = new ArrayList<>(exposedPorts);
        more.add(portAndProtocol);
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, more, labels);
    }

    ImageConfig withLabel(String key, String value) {
        Map<String, String> more = new TreeMap<>(labels);
        more.put(key, value);
        return new ImageConfig(env, entrypoint, cmd, workingDir, user, exposedPorts, more);
    }

    private static String keyOf(String keyValue) {
        int equals = keyValue.indexOf('=');
        return equals < 0 ? keyValue : keyValue.substring(0, equals);
    }
}
