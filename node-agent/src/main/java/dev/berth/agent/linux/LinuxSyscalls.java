package dev.berth.agent.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link Syscalls} bound to glibc and the kernel through JNA, for x86_64 and aarch64. */
public final class LinuxSyscalls implements Syscalls {

    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

    // Numbers that differ between x86_64 and the generic table that aarch64 uses.
    private static final long SYS_GETTID = AARCH64 ? 178 : 186;
    private static final long SYS_PIVOT_ROOT = AARCH64 ? 41 : 155;
    private static final long SYS_SETGROUPS = AARCH64 ? 159 : 116;
    private static final long SYS_SETRESUID = AARCH64 ? 147 : 117;
    private static final long SYS_SETRESGID = AARCH64 ? 149 : 119;
    private static final long SYS_CAPSET = AARCH64 ? 91 : 126;
    // The same on every architecture since Linux 5.1.
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_FSOPEN = 430;
    private static final long SYS_FSCONFIG = 431;
    private static final long SYS_FSMOUNT = 432;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_OPENAT2 = 437;

    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;

    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private static final int SIOCGIFFLAGS = 0x8913;
    // The same on x86_64 and aarch64 (asm-generic/ioctls.h).
    private static final long TIOCSWINSZ = 0x5414;
    private static final long TIOCGPTN = 0x80045430L;
    private static final long TIOCSPTLCK = 0x40045431L;
    private static final int SIOCSIFFLAGS = 0x8914;
    private static final int IFF_UP = 0x1;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int MSG_TRUNC = 0x20;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_EVENT_SIZE = AARCH64 ? 16 : 12;
    private static final int EPOLL_DATA_OFFSET = AARCH64 ? 8 : 4;
    private static final int WNOHANG = 1;
    private static final int WALL = 0x40000000;

    @Override
    public int gettid() {
        return (int) LibC.syscall(SYS_GETTID);
    }

    @Override
    public int getpid() {
        return LibC.getpid();
    }

    @Override
    public void unshare(int flags) {
        check(LibC.unshare(flags), "unshare", Namespace.describe(flags));
    }

    @Override
    public void setns(int fd, int nstype) {
        check(LibC.setns(fd, nstype), "setns", Namespace.describe(nstype));
    }

    @Override
    public void mount(@Nullable String source, String target, @Nullable String fstype, long flags,
                      @Nullable String data) {
        String what = fstype != null ? fstype : (flags & MountFlags.MS_BIND) != 0 ? "bind " + source : "flags";
        check(LibC.mount(source, target, fstype, flags, data), "mount(" + what + ")", target);
    }

    @Override
    public void umount2(String target, int flags) {
        check(LibC.umount2(target, flags), "umount2", target);
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) {
        check(LibC.syscall(SYS_PIVOT_ROOT, newRoot, putOld), "pivot_root", newRoot);
    }

    @Override
    public int fsopen(String fsName, int flags) {
        return (int) check(LibC.syscall(SYS_FSOPEN, fsName, (long) flags), "fsopen(" + fsName + ")", null);
    }

    @Override
    public void fsconfigSetFd(int fsFd, String key, int fd) {
        check(LibC.syscall(SYS_FSCONFIG, fsFd, MountFlags.FSCONFIG_SET_FD, key, null, fd),
                "fsconfig(FSCONFIG_SET_FD)", key);
    }

    @Override
    public void fsconfigSetString(int fsFd, String key, String value) {
        try (Memory memory = cString(value)) {
            check(LibC.syscall(SYS_FSCONFIG, fsFd, MountFlags.FSCONFIG_SET_STRING, key, memory, 0),
                    "fsconfig(FSCONFIG_SET_STRING)", key + "=" + value);
        }
    }

    @Override
    public void fsconfigCreate(int fsFd) {
        check(LibC.syscall(SYS_FSCONFIG, fsFd, MountFlags.FSCONFIG_CMD_CREATE, null, null, 0),
                "fsconfig(FSCONFIG_CMD_CREATE)", null);
    }

    @Override
    public int fsmount(int fsFd, int flags, int attrFlags) {
        return (int) check(LibC.syscall(SYS_FSMOUNT, fsFd, flags, attrFlags), "fsmount", null);
    }

    @Override
    public void moveMount(int fromFd, String toPath) {
        check(LibC.syscall(SYS_MOVE_MOUNT, fromFd, "", OpenFlags.AT_FDCWD, toPath,
                MountFlags.MOVE_MOUNT_F_EMPTY_PATH), "move_mount", toPath);
    }

    @Override
    public void moveMountToFd(int fromFd, int toFd) {
        check(LibC.syscall(SYS_MOVE_MOUNT, fromFd, "", toFd, "",
                MountFlags.MOVE_MOUNT_F_EMPTY_PATH | MountFlags.MOVE_MOUNT_T_EMPTY_PATH), "move_mount", "fd " + toFd);
    }

    @Override
    public int open(String path, int flags, int mode) {
        return check(LibC.open(path, flags, mode), "open", path);
    }

    @Override
    public int openat(int dirFd, String path, int flags, int mode) {
        return check(LibC.openat(dirFd, path, flags, mode), "openat", path);
    }

    @Override
    public int openat2(int dirFd, String path, int flags, long resolve) {
        try (Memory how = new Memory(24)) {
            how.setLong(0, flags & 0xffffffffL);
            how.setLong(8, 0);
            how.setLong(16, resolve);
            return (int) check(LibC.syscall(SYS_OPENAT2, dirFd, path, how, 24), "openat2", path);
        }
    }

    @Override
    public void close(int fd) {
        LibC.close(fd);
    }

    @Override
    public void fallocate(int fd, int mode, long offset, long length) {
        check(LibC.fallocate(fd, mode, offset, length), "fallocate", "fd " + fd);
    }

    @Override
    public int read(int fd, byte[] buffer, int length) {
        while (true) {
            long n = LibC.read(fd, buffer, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw new SyscallException("read", "fd " + fd, errno);
            }
        }
    }

    @Override
    public int write(int fd, byte[] buffer, int length) {
        while (true) {
            long n = LibC.write(fd, buffer, length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new SyscallException("write", "fd " + fd, errno);
            }
        }
    }

    @Override
    public void mkdir(String path, int mode) {
        check(LibC.mkdir(path, mode), "mkdir", path);
    }

    @Override
    public void mkdirat(int dirFd, String name, int mode) {
        check(LibC.mkdirat(dirFd, name, mode), "mkdirat", name);
    }

    @Override
    public void mknod(String path, int mode, long device) {
        check(LibC.mknod(path, mode, device), "mknod", path);
    }

    @Override
    public void symlink(String target, String linkPath) {
        check(LibC.symlink(target, linkPath), "symlink", linkPath + " -> " + target);
    }

    @Override
    public void chmod(String path, int mode) {
        check(LibC.chmod(path, mode), "chmod", path);
    }

    @Override
    public void lchown(String path, int uid, int gid) {
        check(LibC.lchown(path, uid, gid), "lchown", path);
    }

    @Override
    public void unlink(String path) {
        check(LibC.unlink(path), "unlink", path);
    }

    @Override
    public void chdir(String path) {
        check(LibC.chdir(path), "chdir", path);
    }

    @Override
    public FileStat fstat(int fd) {
        byte[] buffer = new byte[256];
        check(LibC.fstat(fd, buffer), "fstat", "fd " + fd);
        return decodeStat(buffer);
    }

    @Override
    public Optional<FileStat> lstat(String path) {
        byte[] buffer = new byte[256];
        if (LibC.lstat(path, buffer) < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
                return Optional.empty();
            }
            throw new SyscallException("lstat", path, errno);
        }
        return Optional.of(decodeStat(buffer));
    }

    private static FileStat decodeStat(byte[] b) {
        if (AARCH64) {
            return new FileStat(int32(b, 16), int32(b, 24), int32(b, 28), int64(b, 48), int64(b, 32));
        }
        return new FileStat(int32(b, 24), int32(b, 28), int32(b, 32), int64(b, 48), int64(b, 40));
    }

    @Override
    public int[] pipe2(int flags) {
        int[] fds = new int[2];
        check(LibC.pipe2(fds, flags), "pipe2", null);
        return fds;
    }

    @Override
    public int fcntl(int fd, int command, long argument) {
        return check(LibC.fcntl(fd, command, argument), "fcntl(" + command + ")", "fd " + fd);
    }

    @Override
    public void unlockPty(int master) {
        check(LibC.ioctl(master, TIOCSPTLCK, new byte[4]), "ioctl(TIOCSPTLCK)", "fd " + master);
    }

    @Override
    public int ptyNumber(int master) {
        byte[] number = new byte[4];
        check(LibC.ioctl(master, TIOCGPTN, number), "ioctl(TIOCGPTN)", "fd " + master);
        return int32(number, 0);
    }

    @Override
    public void setWindowSize(int fd, int rows, int columns) {
        // struct winsize: unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel.
        byte[] size = {(byte) rows, (byte) (rows >>> 8), (byte) columns, (byte) (columns >>> 8), 0, 0, 0, 0};
        check(LibC.ioctl(fd, TIOCSWINSZ, size), "ioctl(TIOCSWINSZ)", "fd " + fd);
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        try (Memory actions = new Memory(256);
             Memory attributes = new Memory(512);
             Memory sigset = new Memory(128)) {
            checkResult(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", null);
            checkResult(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init", null);
            try {
                for (SpawnRequest.FileAction action : request.fileActions()) {
                    addFileAction(actions, action);
                }
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
                if (request.newSession()) {
                    flags |= POSIX_SPAWN_SETSID;
                }
                checkResult(LibC.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags", null);
                LibC.sigemptyset(sigset);
                checkResult(LibC.posix_spawnattr_setsigmask(attributes, sigset), "posix_spawnattr_setsigmask",
                        null);
                // The JVM ignores or handles several signals; the container starts with every one at its default.
                LibC.sigfillset(sigset);
                LibC.sigdelset(sigset, Signal.SIGKILL.number());
                LibC.sigdelset(sigset, Signal.SIGSTOP.number());
                checkResult(LibC.posix_spawnattr_setsigdefault(attributes, sigset), "posix_spawnattr_setsigdefault",
                        null);
                int[] pid = new int[1];
                StringArray argv = new StringArray(request.argv().toArray(new String[0]));
                StringArray envp = new StringArray(request.env().toArray(new String[0]));
                int result = LibC.posix_spawn(pid, request.path(), actions, attributes, argv, envp);
                if (result != 0) {
                    throw new SyscallException("exec", request.path(), result);
                }
                return pid[0];
            } finally {
                LibC.posix_spawn_file_actions_destroy(actions);
                LibC.posix_spawnattr_destroy(attributes);
            }
        }
    }

    private static void addFileAction(Pointer actions, SpawnRequest.FileAction action) {
        int result = switch (action) {
            case SpawnRequest.FileAction.Open open ->
                    LibC.posix_spawn_file_actions_addopen(actions, open.fd(), open.path(), open.flags(), open.mode());
            case SpawnRequest.FileAction.Dup2 dup2 ->
                    LibC.posix_spawn_file_actions_adddup2(actions, dup2.from(), dup2.to());
            case SpawnRequest.FileAction.Close close -> LibC.posix_spawn_file_actions_addclose(actions, close.fd());
            case SpawnRequest.FileAction.Chdir chdir ->
                    LibC.posix_spawn_file_actions_addchdir_np(actions, chdir.path());
            case SpawnRequest.FileAction.CloseFrom from ->
                    LibC.posix_spawn_file_actions_addclosefrom_np(actions, from.lowFd());
        };
        checkResult(result, "posix_spawn_file_actions_add", action.toString());
    }

    @Override
    public void kill(int pid, int signal) {
        if (LibC.kill(pid, signal) < 0) {
            Optional<Signal> named = Signal.ofNumber(signal);
            throw new SyscallException("kill(" + (named.isPresent() ? named.get().name() : Integer.toString(signal))
                    + ")", "pid " + pid, Native.getLastError());
        }
    }

    @Override
    public void execve(String path, List<String> argv, List<String> env) {
        LibC.execve(path, new StringArray(argv.toArray(String[]::new)), new StringArray(env.toArray(String[]::new)));
        throw new SyscallException("exec", path, Native.getLastError());
    }

    @Override
    public void exit(int status) {
        LibC._exit(status);
    }

    @Override
    public int pidfdOpen(int pid) {
        return (int) check(LibC.syscall(SYS_PIDFD_OPEN, pid, 0L), "pidfd_open", "pid " + pid);
    }

    @Override
    public Optional<WaitStatus> waitpid(int pid, boolean noHang) {
        int[] status = new int[1];
        while (true) {
            int result = LibC.waitpid(pid, status, (noHang ? WNOHANG : 0) | WALL);
            if (result > 0) {
                return Optional.of(WaitStatus.decode(result, status[0]));
            }
            if (result == 0) {
                return Optional.empty();
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new SyscallException("waitpid", "pid " + pid, errno);
            }
        }
    }

    @Override
    public List<Integer> childrenOf(int tid) {
        Path path = Path.of("/proc/self/task/" + tid + "/children");
        try {
            String text = Files.readString(path).trim();
            List<Integer> pids = new ArrayList<>();
            if (!text.isEmpty()) {
                for (String part : text.split("\\s+")) {
                    pids.add(Integer.parseInt(part));
                }
            }
            return pids;
        } catch (IOException e) {
            throw new SyscallException("read", path.toString(), Errno.EIO);
        }
    }

    @Override
    public void sethostname(String hostname) {
        byte[] bytes = hostname.getBytes(StandardCharsets.UTF_8);
        check(LibC.sethostname(hostname, bytes.length), "sethostname", hostname);
    }

    @Override
    public void setgroups(int[] groups) {
        try (Memory list = new Memory(Math.max(4, groups.length * 4L))) {
            for (int i = 0; i < groups.length; i++) {
                list.setInt(i * 4L, groups[i]);
            }
            check(LibC.syscall(SYS_SETGROUPS, groups.length, list), "setgroups", null);
        }
    }

    @Override
    public void setresgid(int gid) {
        check(LibC.syscall(SYS_SETRESGID, gid, gid, gid), "setresgid", "gid " + gid);
    }

    @Override
    public void setresuid(int uid) {
        check(LibC.syscall(SYS_SETRESUID, uid, uid, uid), "setresuid", "uid " + uid);
    }

    @Override
    public void dropBoundingCapability(int capability) {
        if (LibC.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) < 0) {
            int errno = Native.getLastError();
            // EINVAL: the kernel does not know this capability number; there is nothing to drop.
            if (errno != Errno.EINVAL) {
                throw new SyscallException("prctl(PR_CAPBSET_DROP)", "cap " + capability, errno);
            }
        }
    }

    @Override
    public void capset(long effective, long permitted, long inheritable) {
        try (Memory header = new Memory(8); Memory data = new Memory(24)) {
            header.setInt(0, LINUX_CAPABILITY_VERSION_3);
            header.setInt(4, 0);
            data.setInt(0, (int) effective);
            data.setInt(4, (int) permitted);
            data.setInt(8, (int) inheritable);
            data.setInt(12, (int) (effective >>> 32));
            data.setInt(16, (int) (permitted >>> 32));
            data.setInt(20, (int) (inheritable >>> 32));
            check(LibC.syscall(SYS_CAPSET, header, data), "capset", null);
        }
    }

    @Override
    public void clearAmbientCapabilities() {
        check(LibC.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl(PR_CAP_AMBIENT_CLEAR_ALL)",
                null);
    }

    @Override
    public void setNoNewPrivs() {
        check(LibC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)", null);
    }

    @Override
    public void setInterfaceUp(String name) {
        int socket = check(LibC.socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */ | OpenFlags.O_CLOEXEC, 0),
                "socket(AF_INET)", null);
        try {
            byte[] ifreq = new byte[40];
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(nameBytes, 0, ifreq, 0, Math.min(nameBytes.length, 15));
            check(LibC.ioctl(socket, SIOCGIFFLAGS, ifreq), "ioctl(SIOCGIFFLAGS)", name);
            int flags = (ifreq[16] & 0xff) | (ifreq[17] & 0xff) << 8;
            flags |= IFF_UP;
            ifreq[16] = (byte) flags;
            ifreq[17] = (byte) (flags >> 8);
            check(LibC.ioctl(socket, SIOCSIFFLAGS, ifreq), "ioctl(SIOCSIFFLAGS)", name);
        } finally {
            LibC.close(socket);
        }
    }

    @Override
    public int netlinkSocket(int protocol) {
        int socket = check(LibC.socket(AF_NETLINK, SOCK_RAW | OpenFlags.O_CLOEXEC, protocol), "socket(AF_NETLINK)",
                "protocol " + protocol);
        if (LibC.bind(socket, kernelNetlinkAddress(), SOCKADDR_NL_SIZE) < 0) {
            int errno = Native.getLastError();
            LibC.close(socket);
            throw new SyscallException("bind(AF_NETLINK)", "protocol " + protocol, errno);
        }
        return socket;
    }

    @Override
    public void send(int fd, byte[] buffer, int length) {
        byte[] kernel = kernelNetlinkAddress();
        while (LibC.sendto(fd, buffer, length, 0, kernel, SOCKADDR_NL_SIZE) < 0) {
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new SyscallException("sendto", "fd " + fd, errno);
            }
        }
    }

    @Override
    public int recv(int fd, byte[] buffer) {
        while (true) {
            long n = LibC.recv(fd, buffer, buffer.length, MSG_TRUNC);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new SyscallException("recv", "fd " + fd, errno);
            }
        }
    }

    @Override
    public int epollCreate() {
        return check(LibC.epoll_create1(OpenFlags.O_CLOEXEC), "epoll_create1", null);
    }

    @Override
    public void epollAdd(int epollFd, int fd, int events, long data) {
        byte[] event = new byte[EPOLL_EVENT_SIZE];
        putInt32(event, 0, events);
        putInt64(event, EPOLL_DATA_OFFSET, data);
        check(LibC.epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, event), "epoll_ctl(ADD)", "fd " + fd);
    }

    @Override
    public void epollDelete(int epollFd, int fd) {
        LibC.epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, new byte[EPOLL_EVENT_SIZE]);
    }

    @Override
    public int epollWait(int epollFd, long[] data, int timeoutMillis) {
        byte[] events = new byte[EPOLL_EVENT_SIZE * data.length];
        while (true) {
            int count = LibC.epoll_wait(epollFd, events, data.length, timeoutMillis);
            if (count >= 0) {
                for (int i = 0; i < count; i++) {
                    data[i] = int64(events, i * EPOLL_EVENT_SIZE + EPOLL_DATA_OFFSET);
                }
                return count;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new SyscallException("epoll_wait", null, errno);
            }
        }
    }

    @Override
    public int inotifyInit() {
        return check(LibC.inotify_init1(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK), "inotify_init1", null);
    }

    @Override
    public int inotifyAddWatch(int inotifyFd, String path, int mask) {
        return check(LibC.inotify_add_watch(inotifyFd, path, mask), "inotify_add_watch", path);
    }

    @Override
    public void inotifyRemoveWatch(int inotifyFd, int watch) {
        LibC.inotify_rm_watch(inotifyFd, watch);
    }

    @Override
    public List<String> listXattrs(String path) {
        while (true) {
            long size = LibC.llistxattr(path, null, 0);
            if (size < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EOPNOTSUPP) {
                    return List.of();
                }
                throw new SyscallException("llistxattr", path, errno);
            }
            if (size == 0) {
                return List.of();
            }
            byte[] names = new byte[(int) size];
            long length = LibC.llistxattr(path, names, names.length);
            if (length < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.ERANGE) {
                    continue; // an attribute was added between the two calls
                }
                throw new SyscallException("llistxattr", path, errno);
            }
            List<String> list = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < length; i++) {
                if (names[i] == 0) {
                    list.add(new String(names, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return list;
        }
    }

    @Override
    public Optional<byte[]> getXattr(String path, String name) {
        while (true) {
            long size = LibC.lgetxattr(path, name, null, 0);
            if (size < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.ENODATA || errno == Errno.EOPNOTSUPP) {
                    return Optional.empty();
                }
                throw new SyscallException("lgetxattr(" + name + ")", path, errno);
            }
            byte[] value = new byte[(int) size];
            long length = size == 0 ? 0 : LibC.lgetxattr(path, name, value, value.length);
            if (length < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.ERANGE) {
                    continue; // the value grew between the two calls
                }
                if (errno == Errno.ENODATA) {
                    return Optional.empty();
                }
                throw new SyscallException("lgetxattr(" + name + ")", path, errno);
            }
            return Optional.of(length == value.length ? value : Arrays.copyOf(value, (int) length));
        }
    }

    @Override
    public void setXattr(String path, String name, byte[] value) {
        check(LibC.lsetxattr(path, name, value, value.length, 0), "lsetxattr(" + name + ")", path);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static int check(int result, String call, @Nullable String target) {
        if (result < 0) {
            throw new SyscallException(call, target, Native.getLastError());
        }
        return result;
    }

    private static long check(long result, String call, @Nullable String target) {
        if (result < 0) {
            throw new SyscallException(call, target, Native.getLastError());
        }
        return result;
    }

    /** For calls such as posix_spawn that return the error number instead of setting errno. */
    private static void checkResult(int result, String call, @Nullable String target) {
        if (result != 0) {
            throw new SyscallException(call, target, result);
        }
    }

    /**
     * A sockaddr_nl with port id 0 and no groups: as the destination it is the kernel, and given to bind(2) it lets the
     * kernel pick a free port id, so that several sockets of one process never clash.
     */
    private static byte[] kernelNetlinkAddress() {
        byte[] address = new byte[SOCKADDR_NL_SIZE];
        address[0] = AF_NETLINK;
        return address;
    }

    private static Memory cString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Memory memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
        return memory;
    }

    private static int int32(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16
                | (b[offset + 3] & 0xff) << 24;
    }

    private static long int64(byte[] b, int offset) {
        return (int32(b, offset) & 0xffffffffL) | (long) int32(b, offset + 4) << 32;
    }

    private static void putInt32(byte[] b, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void putInt64(byte[] b, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
