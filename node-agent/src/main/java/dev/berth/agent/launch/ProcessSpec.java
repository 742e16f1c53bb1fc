package dev.berth.agent.launch;

import dev.berth.agent.linux.Capability;
import java.util.List;
import java.util.Set;

/**
 * The container's first process.
 *
 * @param args argv; {@code args[0]} is looked up in the container's PATH unless it contains a slash
 * @param env the environment, {@code KEY=value}
 * @param workingDir absolute path inside the container; created when missing
 * @param user {@code uid[:gid]} or {@code name[:group]} resolved against the image's /etc/passwd and /etc/group
 * @param capabilities what the process keeps; every other capability leaves its bounding set
 * @param noNewPrivileges whether exec may never grant privileges (setuid binaries, file capabilities)
 * @param init whether an init runs as PID 1 ({@code /dev/init -- args...}), forwarding signals and reaping orphans
 */
public record ProcessSpec(List<String> args, List<String> env, String workingDir, UserSpec user,
                          Set<Capability> capabilities, boolean noNewPrivileges, boolean init) {

    public ProcessSpec {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        if (!workingDir.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + workingDir);
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        capabilities = Set.copyOf(capabilities);
    }

    /** The container's PATH, or the default a shell would use. */
    public String path() {
        for (String entry : env) {
            if (entry.startsWith("PATH=")) {
                return entry.substring(5);
            }
        }
        return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }

    /** The environment, with HOME from the user's passwd entry unless it is set already. */
    public List<String> envFor(ProcessUser user) {
        for (String entry : env) {
            if (entry.startsWith("HOME=")) {
                return env;
            }
        }
        return java.util.stream.Stream.concat(env.stream(), java.util.stream.Stream.of("HOME=" + user.home()))
                .toList();
    }

}
