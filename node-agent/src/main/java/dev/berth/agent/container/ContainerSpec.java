package dev.berth.agent.container;

import dev.berth.agent.launch.UserSpec;
import dev.berth.agent.network.PortBinding;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A validated request to create a container: what the caller asked for, before the image's defaults are merged in.
 * Null fields mean "the image's default".
 */
public record ContainerSpec(@Nullable ContainerName name, String image, @Nullable List<String> cmd,
                            @Nullable List<String> entrypoint, List<String> env, @Nullable String workingDir,
                            @Nullable UserSpec user, @Nullable String hostname, Limits limits, boolean init,
                            String network, List<PortBinding> ports, boolean autoRemove, ContainerStdio stdio,
                            Map<String, String> labels) {
    /** Docker's limits are looser; these keep a label a name and a short value, not a payload. */
    static final int MAX_LABEL_KEY = 128;
    static final int MAX_LABEL_VALUE = 4096;

    private static final Pattern HOSTNAME = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final Pattern ENV_KEY = Pattern.compile("[^=\\x00]+");

    public ContainerSpec {
        if (image.isBlank()) {
            throw new InvalidSpecException("image", "an image is required");
        }
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = List.copyOf(env);
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || !ENV_KEY.matcher(entry.substring(0, eq)).matches() || entry.indexOf('\0') >= 0) {
                throw new InvalidSpecException("env", "'" + entry + "' is not KEY=value");
            }
        }
        if (workingDir != null && !workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw new InvalidSpecException("workingDir", "must be an absolute path, got '" + workingDir + "'");
        }
        if (hostname != null && !hostname.isEmpty()
                && (hostname.length() > 64 || !HOSTNAME.matcher(hostname).matches())) {
            throw new InvalidSpecException("hostname", "'" + hostname + "' is not a valid hostname");
        }
        ports = List.copyOf(ports);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_LABEL_KEY) {
                throw new InvalidSpecException("labels", "a label's key must be 1 to " + MAX_LABEL_KEY
                        + " characters, got '" + key + "'");
            }
            if (label.getValue() == null || label.getValue().length() > MAX_LABEL_VALUE) {
                throw new InvalidSpecException("labels", "the value of label '" + key + "' must be a string of at "
                        + "most " + MAX_LABEL_VALUE + " characters");
            }
        }
        labels = Map.copyOf(labels);
        if (network.isBlank()) {
            throw new InvalidSpecException("network", "network must not be blank");
        }
    }
}
