package dev.berth.agent.launch;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.rootfs.InRoot;
import dev.berth.agent.rootfs.RootfsBuilder;
import java.util.Optional;

/** The steps both launchers take on their launcher thread: new namespaces, the rootfs, loopback, the hostname. */
final class ContainerSetup {
    /** passwd and group files larger than this are not read. */
    private static final int ACCOUNT_FILE_LIMIT = 1 << 20;

    private final Syscalls sys;

    ContainerSetup(Syscalls sys) {
        this.sys = sys;
    }

    /**
     * Unshares every namespace but the cgroup one and assembles the rootfs from the calling thread. The cgroup
     * namespace comes later, once something is in the container's cgroup: it is rooted where its creator is. The
     * rootfs is built before that, so the kernel memory it takes is never charged to a container's (maybe tiny)
     * memory limit.
     */
    void enter(LaunchSpec spec) {
        NetworkSetup network = spec.network();
        int flags = Namespace.allFlags() & ~Namespace.CGROUP.flag();
        if (network.sharesHostNamespace()) {
            flags &= ~Namespace.NET.flag();
        }
        try {
            network.beforeUnshare();
            sys.unshare(flags);
            if (!network.sharesHostNamespace()) {
                // A new network namespace starts with loopback down; --network none still has a working 127.0.0.1.
                sys.setInterfaceUp("lo");
                network.inContainerNamespace();
            }
        } finally {
            network.release();
        }
        // Children inherit this directory; it must be the old root so that pivot_root moves them too.
        sys.chdir("/");
        new RootfsBuilder(sys).build(spec.rootfs(), spec.process().workingDir());
        sys.sethostname(spec.hostname());
    }

    /** Resolves the user from the container's own /etc/passwd and /etc/group. */
    static ProcessUser user(InRoot root, UserSpec user) {
        return user.resolve(root.readText("/etc/passwd", ACCOUNT_FILE_LIMIT),
                root.readText("/etc/group", ACCOUNT_FILE_LIMIT));
    }

    /** A lookup for {@link ExecutableResolver} that follows symlinks inside the container's root only. */
    static java.util.function.Function<String, Optional<FileStat>> statInRoot(Syscalls sys, InRoot root) {
        return path -> root.resolve(path).map(sys::fstat);
    }
}
