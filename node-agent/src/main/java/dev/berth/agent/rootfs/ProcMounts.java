package dev.berth.agent.rootfs;

import static dev.berth.agent.linux.MountFlags.MS_BIND;
import static dev.berth.agent.linux.MountFlags.MS_NODEV;
import static dev.berth.agent.linux.MountFlags.MS_NOEXEC;
import static dev.berth.agent.linux.MountFlags.MS_NOSUID;
import static dev.berth.agent.linux.MountFlags.MS_RDONLY;
import static dev.berth.agent.linux.MountFlags.MS_REC;
import static dev.berth.agent.linux.MountFlags.MS_REMOUNT;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.MountFlags;
import dev.berth.agent.linux.Syscalls;
import java.util.List;
import java.util.Optional;

/**
 * {@code /proc} for the container's PID namespace, and Docker's masks over it.
 *
 * <p>Two ways to get the right procfs: a process inside the namespace mounts it (the portable init does), or, on
 * kernels whose procfs accepts a {@code pidns} parameter (6.18+), a host thread creates one for the container's
 * namespace with fsopen/fsconfig/fsmount and moves it in.
 */
public final class ProcMounts {
    /** Files that would leak host information: each gets {@code /dev/null} bound over it. */
    static final List<String> MASKED_FILES = List.of(
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/interrupts");
    /** Directories hidden behind an empty read-only tmpfs. */
    static final List<String> MASKED_DIRECTORIES = List.of("/proc/acpi", "/proc/asound", "/proc/scsi");
    static final List<String> MASKED_SYS_DIRECTORIES = List.of("/sys/firmware", "/sys/devices/virtual/powercap");
    /** Kernel tunables the container may read but never write. */
    static final List<String> READ_ONLY = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private static final long PROC_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;

    private final Syscalls sys;

    public ProcMounts(Syscalls sys) {
        this.sys = sys;
    }

    /** Mounts procfs at {@code root/proc} from a process that is itself in the container's PID namespace. */
    public void mountFromInside(String root) {
        sys.mount("proc", root + "/proc", "proc", PROC_FLAGS, null);
    }

    /**
     * Mounts a procfs of the PID namespace {@code pidnsFd} at {@code root/proc}. The caller must already be in the
     * container's mount namespace.
     */
    public void mountForNamespace(String root, int pidnsFd) {
        int context = sys.fsopen("proc", MountFlags.FSOPEN_CLOEXEC);
        try {
            sys.fsconfigSetFd(context, "pidns", pidnsFd);
            sys.fsconfigCreate(context);
            int mount = sys.fsmount(context, MountFlags.FSMOUNT_CLOEXEC,
                    MountFlags.MOUNT_ATTR_NOSUID | MountFlags.MOUNT_ATTR_NODEV | MountFlags.MOUNT_ATTR_NOEXEC);
            try {
                sys.moveMount(mount, root + "/proc");
            } finally {
                sys.close(mount);
            }
        } finally {
            sys.close(context);
        }
    }

    /** Applies the masks and read-only paths; {@code root/dev/null} must exist already. */
    public void mask(String root) {
        String devNull = root + "/dev/null";
        for (String file : MASKED_FILES) {
            if (exists(root + file)) {
                sys.mount(devNull, root + file, null, MS_BIND, null);
            }
        }
        for (String dir : MASKED_DIRECTORIES) {
            if (stat(root + dir).map(FileStat::isDirectory).orElse(false)) {
                sys.mount("tmpfs", root + dir, "tmpfs", MS_RDONLY, null);
            }
        }
        for (String path : READ_ONLY) {
            if (exists(root + path)) {
                sys.mount(root + path, root + path, null, MS_BIND | MS_REC, null);
                sys.mount(null, root + path, null, MS_BIND | MS_REMOUNT | MS_RDONLY | PROC_FLAGS, null);
            }
        }
    }

    private boolean exists(String path) {
        return stat(path).isPresent();
    }

    private Optional<FileStat> stat(String path) {
        return sys.lstat(path);
    }
}
