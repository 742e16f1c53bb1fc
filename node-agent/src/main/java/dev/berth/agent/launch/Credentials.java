package dev.berth.agent.launch;

import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.Syscalls;
import java.util.Set;

/**
 * Gives the calling thread the container process's identity: bounding set, groups, gid, uid, capabilities and
 * no_new_privs. Every call is per-thread, so a launcher thread can do this and spawn, and the JVM stays root.
 */
public final class Credentials {
    private Credentials() {}

    public static void apply(Syscalls sys, ProcessUser user, Set<Capability> capabilities, boolean noNewPrivileges) {
        long keep = Capability.mask(capabilities);
        // The bounding set first, while CAP_SETPCAP is still effective. Numbers beyond those we know go too.
        for (int cap = 0; cap < 64; cap++) {
            if ((keep & (1L << cap)) == 0) {
                sys.dropBoundingCapability(cap);
            }
        }
        sys.clearAmbientCapabilities();
        sys.setgroups(user.additionalGids());
        sys.setresgid(user.gid());
        if (user.isRoot()) {
            sys.capset(keep, keep, 0);
        } else {
            // Leaving uid 0 clears the permitted and effective sets; this also clears the inheritable one.
            sys.setresuid(user.uid());
            sys.capset(0, 0, 0);
        }
        if (noNewPrivileges) {
            sys.setNoNewPrivs();
        }
    }
}
