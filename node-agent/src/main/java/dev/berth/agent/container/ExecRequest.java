package dev.berth.agent.container;

import dev.berth.agent.launch.UserSpec;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A validated request to run a process in a running container. Null fields mean "the container's".
 *
 * @param cmd argv; {@code cmd[0]} is looked up in the container's PATH unless it contains a slash
 * @param env added to the container's environment, replacing entries of the same key
 * @param stdin whether clients feed its stdin (a pipe, or the terminal); else {@code /dev/null}
 * @param tty whether it gets a terminal of the container's devpts
 * @param detach whether its output is discarded instead of kept for an attached client
 */
public record ExecRequest(List<String> cmd, List<String> env, @Nullable String workingDir, @Nullable UserSpec user,
                          boolean stdin, boolean tty, boolean detach) {
    private static final Pattern ENV_KEY = Pattern.compile("[^=\\x00]+");

    public ExecRequest {
        if (cmd == null || cmd.isEmpty() || cmd.getFirst().isEmpty()) {
            throw new InvalidSpecException("cmd", "an exec needs a command: \"cmd\": [\"sh\"]");
        }
        for (String arg : cmd) {
            if (arg.indexOf('\0') >= 0) {
                throw new InvalidSpecException("cmd", "an argument contains a NUL byte");
            }
        }
        cmd = List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || !ENV_KEY.matcher(entry.substring(0, eq)).matches() || entry.indexOf('\0') >= 0) {
                throw new InvalidSpecException("env", "'" + entry + "' is not KEY=value");
            }
        }
        if (workingDir != null && workingDir.isEmpty()) {
            workingDir = null;
        }
        if (workingDir != null && !workingDir.startsWith("/")) {
            throw new InvalidSpecException("workingDir", "must be an absolute path, got '" + workingDir + "'");
        }
        if (detach && stdin) {
            throw new InvalidSpecException("detach", "a detached exec cannot take stdin");
        }
    }
}
