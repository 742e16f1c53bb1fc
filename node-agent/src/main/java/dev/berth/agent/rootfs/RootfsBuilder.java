package dev.berth.agent.rootfs;

import static dev.berth.agent.linux.MountFlags.MS_BIND;
import static dev.berth.agent.linux.MountFlags.MS_NODEV;
import static dev.berth.agent.linux.MountFlags.MS_NOEXEC;
import static dev.berth.agent.linux.MountFlags.MS_NOSUID;
import static dev.berth.agent.linux.MountFlags.MS_PRIVATE;
import static dev.berth.agent.linux.MountFlags.MS_RDONLY;
import static dev.berth.agent.linux.MountFlags.MS_REC;
import static dev.berth.agent.linux.MountFlags.MS_REMOUNT;
import static dev.berth.agent.linux.MountFlags.MS_STRICTATIME;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a container's root filesystem, from inside its new mount namespace, before its first process exists.
 *
 * <p>What it builds, at the overlay mountpoint:
 * <pre>
 * /            overlay: lowerdir = image layers (shared), upperdir = the container's own writable layer
 * ├── dev      tmpfs, 755: null zero full random urandom tty, fd stdin stdout stderr ptmx links
 * │   ├── pts      devpts, a private instance (newinstance, ptmxmode=0666)
 * │   ├── shm      tmpfs, 1777, 64 MiB
 * │   ├── mqueue   mqueue of the container's IPC namespace
 * │   └── init     the init binary, read-only (--init only)
 * ├── sys      sysfs of the container's network namespace, read-only; firmware and powercap masked
 * ├── proc     (mounted later, for the container's PID namespace: see {@link ProcMounts})
 * └── etc      hostname, hosts, resolv.conf: bind-mounted from the container's directory
 * </pre>
 * The special directories must be real directories of the image (or absent): they are refused when they are
 * symlinks, so that their later paths can be used as plain strings.
 */
public final class RootfsBuilder {
    private static final long DEV_FLAGS = MS_NOSUID | MS_STRICTATIME;

    /** The device nodes every container gets: name, major, minor (all character devices, mode 0666). */
    static final List<int[]> DEVICES = List.of(
            new int[] {1, 3}, new int[] {1, 5}, new int[] {1, 7}, new int[] {1, 8}, new int[] {1, 9},
            new int[] {5, 0});
    static final List<String> DEVICE_NAMES = List.of("null", "zero", "full", "random", "urandom", "tty");
    static final Map<String, String> DEVICE_LINKS = Map.of(
            "fd", "/proc/self/fd", "stdin", "/proc/self/fd/0", "stdout", "/proc/self/fd/1",
            "stderr", "/proc/self/fd/2", "ptmx", "pts/ptmx");

    private final Syscalls sys;

    public RootfsBuilder(Syscalls sys) {
        this.sys = sys;
    }

    /**
     * Builds everything but {@code /proc}. The caller is a thread that has unshared a mount namespace (and the IPC and
     * network namespaces, which mqueue and sysfs take their view from).
     */
    public void build(RootfsSpec spec, String workingDir) {
        // A systemd host shares "/", and pivot_root refuses shared mounts; nothing here may propagate back anyway.
        sys.mount(null, "/", null, MS_REC | MS_PRIVATE, null);
        String root = spec.mountpoint();
        sys.mount("overlay", root, "overlay", 0, spec.overlayOptions());
        try (InRoot inRoot = InRoot.open(sys, root)) {
            String dev = specialDirectory(inRoot, root, "dev");
            buildDev(dev, spec);
            String sysfs = specialDirectory(inRoot, root, "sys");
            sys.mount("sysfs", sysfs, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
            for (String masked : ProcMounts.MASKED_SYS_DIRECTORIES) {
                if (sys.lstat(root + masked).map(FileStat::isDirectory).orElse(false)) {
                    sys.mount("tmpfs", root + masked, "tmpfs", MS_RDONLY, null);
                }
            }
            specialDirectory(inRoot, root, "proc");
            for (Map.Entry<String, String> file : spec.etcFiles().entrySet()) {
                int target = inRoot.file(file.getKey());
                sys.mount(file.getValue(), InRoot.magicPath(target), null, MS_BIND, null);
            }
            inRoot.directory(workingDir);
        }
    }

    /** A kernel filesystem's mountpoint: created when missing, refused when it is anything but a directory. */
    private String specialDirectory(InRoot inRoot, String root, String name) {
        String path = root + "/" + name;
        Optional<FileStat> stat = sys.lstat(path);
        if (stat.isEmpty()) {
            sys.mkdir(path, 0755);
        } else if (!stat.get().isDirectory()) {
            throw new RootfsException("rootfs: /" + name + " must be a directory, not "
                    + ((stat.get().type() == OpenFlags.S_IFLNK) ? "a symlink" : "a file")
                    + "; refusing to mount " + name + " there");
        }
        return path;
    }

    private void buildDev(String dev, RootfsSpec spec) {
        sys.mount("tmpfs", dev, "tmpfs", DEV_FLAGS, "mode=755,size=65536k");
        for (int i = 0; i < DEVICES.size(); i++) {
            String node = dev + "/" + DEVICE_NAMES.get(i);
            int[] numbers = DEVICES.get(i);
            sys.mknod(node, OpenFlags.S_IFCHR | 0666, makedev(numbers[0], numbers[1]));
            sys.chmod(node, 0666); // mknod honours the umask
        }
        DEVICE_LINKS.forEach((name, target) -> sys.symlink(target, dev + "/" + name));
        sys.mkdir(dev + "/pts", 0755);
        sys.mount("devpts", dev + "/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620,gid=5");
        sys.mkdir(dev + "/shm", 01777);
        sys.mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
        sys.mkdir(dev + "/mqueue", 0755);
        sys.mount("mqueue", dev + "/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
        if (spec.initBinary() != null) {
            String init = dev + "/init";
            int fd = sys.open(init, OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0755);
            sys.close(fd);
            sys.mount(spec.initBinary(), init, null, MS_BIND, null);
            sys.mount(null, init, null, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, null);
        }
    }

    /** The kernel's encoding of a device number (glibc's gnu_dev_makedev). */
    static long makedev(int major, int minor) {
        return ((long) (minor & 0xff)) | ((long) (major & 0xfff) << 8) | ((long) (minor & ~0xff) << 12)
                | ((long) (major & ~0xfff) << 32);
    }
}
