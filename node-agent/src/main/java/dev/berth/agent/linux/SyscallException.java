package dev.berth.agent.linux;

import dev.berth.agent.AgentException;
import org.jspecify.annotations.Nullable;

/**
 * A kernel call failed. The message names the call, its target and the errno, the way crun does:
 * {@code mount(overlay) /var/lib/berth/agent/containers/x/rootfs: EPERM (Operation not permitted)}.
 */
public class SyscallException extends AgentException {
    private final String call;
    private final @Nullable String target;
    private final int errno;

    public SyscallException(String call, @Nullable String target, int errno) {
        super(format(call, target, errno));
        this.call = call;
        this.target = target;
        this.errno = errno;
    }

    private static String format(String call, @Nullable String target, int errno) {
        String where = target == null || target.isEmpty() ? "" : " " + target;
        return call + where + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")";
    }

    public String call() {
        return call;
    }

    public @Nullable String target() {
        return target;
    }

    public int errno() {
        return errno;
    }
}
