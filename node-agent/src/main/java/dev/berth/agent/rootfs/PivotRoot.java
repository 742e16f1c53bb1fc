package dev.berth.agent.rootfs;

import dev.berth.agent.linux.MountFlags;
import dev.berth.agent.linux.Syscalls;

/** Makes the container's rootfs the root of its mount namespace and detaches the host's tree. */
public final class PivotRoot {
    private PivotRoot() {}

    /**
     * pivot_root(".", ".") stacks the old root on top of the new one, so no put_old directory is needed inside the
     * image; the lazy unmount then drops the host tree. Every task of the namespace whose root was the old root (the
     * child waiting at the gate included) now has the container's root.
     */
    public static void into(Syscalls sys, String root) {
        sys.chdir(root);
        sys.pivotRoot(".", ".");
        sys.umount2(".", MountFlags.MNT_DETACH);
        sys.chdir("/");
    }
}
