package dev.berth.agent.linux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A fake of {@link Syscalls} that records every call as one line, such as {@code mount(overlay, /r, ...)}, and fails
 * the calls a test asks it to. Descriptors are numbered from 100. Thread-safe, since launch uses two threads.
 */
public class RecordingSyscalls implements Syscalls {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, FileStat> files = new HashMap<>();
    private final Map<String, Map<String, byte[]>> xattrs = new HashMap<>();
    private final AtomicInteger nextFd = new AtomicInteger(100);
    private @Nullable Function<SpawnRequest, Integer> spawner;
    private List<Integer> children = List.of();

    /** Every call so far, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls whose text starts with {@code prefix}. */
    public List<String> calls(String prefix) {
        return calls().stream().filter(c -> c.startsWith(prefix)).toList();
    }

    /** Makes every later call whose recorded text starts with {@code prefix} fail with {@code errno}. */
    public RecordingSyscalls failOn(String prefix, int errno) {
        synchronized (failures) {
            failures.put(prefix, errno);
        }
        return this;
    }

    /** Declares a file for {@link #lstat} and {@link #fstat} of descriptors opened on it. */
    public RecordingSyscalls file(String path, FileStat stat) {
        synchronized (files) {
            files.put(path, stat);
        }
        return this;
    }

    /** What {@link #posixSpawn} does; by default it returns pid 4242. */
    public RecordingSyscalls onSpawn(Function<SpawnRequest, Integer> spawner) {
        this.spawner = spawner;
        return this;
    }

    public RecordingSyscalls children(List<Integer> pids) {
        this.children = List.copyOf(pids);
        return this;
    }

    protected void record(String call) {
        calls.add(call);
        synchronized (failures) {
            for (Map.Entry<String, Integer> failure : failures.entrySet()) {
                if (call.startsWith(failure.getKey())) {
                    throw new SyscallException(call.substring(0, Math.max(call.indexOf('('), 0)), call,
                            failure.getValue());
                }
            }
        }
    }

    private final Map<Integer, String> openPaths = Collections.synchronizedMap(new HashMap<>());

    private int newFd(@Nullable String path) {
        int fd = nextFd.getAndIncrement();
        if (path != null) {
            openPaths.put(fd, path);
        }
        return fd;
    }

    /** The path a fake descriptor was opened on. */
    public @Nullable String pathOf(int fd) {
        return openPaths.get(fd);
    }

    @Override
    public int gettid() {
        return 7;
    }

    @Override
    public int getpid() {
        return 1000;
    }

    @Override
    public void unshare(int flags) {
        record("unshare(" + Namespace.describe(flags) + ")");
    }

    @Override
    public void setns(int fd, int nstype) {
        record("setns(" + fd + ", " + Namespace.describe(nstype) + ")");
    }

    @Override
    public void mount(@Nullable String source, String target, @Nullable String fstype, long flags,
                      @Nullable String data) {
        record("mount(" + source + ", " + target + ", " + fstype + ", " + flags + ", " + data + ")");
    }

    @Override
    public void umount2(String target, int flags) {
        record("umount2(" + target + ", " + flags + ")");
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) {
        record("pivot_root(" + newRoot + ", " + putOld + ")");
    }

    @Override
    public int fsopen(String fsName, int flags) {
        record("fsopen(" + fsName + ")");
        return newFd("fs:" + fsName);
    }

    @Override
    public void fsconfigSetFd(int fsFd, String key, int fd) {
        record("fsconfig(SET_FD, " + key + ")");
    }

    @Override
    public void fsconfigSetString(int fsFd, String key, String value) {
        record("fsconfig(SET_STRING, " + key + "=" + value + ")");
    }

    @Override
    public void fsconfigCreate(int fsFd) {
        record("fsconfig(CMD_CREATE)");
    }

    @Override
    public int fsmount(int fsFd, int flags, int attrFlags) {
        record("fsmount(" + attrFlags + ")");
        return newFd(null);
    }

    @Override
    public void moveMount(int fromFd, String toPath) {
        record("move_mount(" + toPath + ")");
    }

    @Override
    public void moveMountToFd(int fromFd, int toFd) {
        record("move_mount(fd " + toFd + " = " + pathOf(toFd) + ")");
    }

    @Override
    public int open(String path, int flags, int mode) {
        record("open(" + path + ", " + flags + ")");
        return newFd(path);
    }

    @Override
    public int openat(int dirFd, String path, int flags, int mode) {
        record("openat(" + dirFd + ", " + path + ", " + flags + ")");
        return newFd(path);
    }

    @Override
    public int openat2(int dirFd, String path, int flags, long resolve) {
        record("openat2(" + dirFd + ", " + path + ")");
        synchronized (files) {
            if (!files.isEmpty() && !files.containsKey(path)) {
                throw new SyscallException("openat2", path, Errno.ENOENT);
            }
        }
        return newFd(path);
    }

    @Override
    public void close(int fd) {
        record("close(" + fd + ")");
    }

    @Override
    public void fallocate(int fd, int mode, long offset, long length) {
        record("fallocate(" + fd + ", " + mode + ", " + offset + ", " + length + ")");
    }

    @Override
    public int read(int fd, byte[] buffer, int length) {
        record("read(" + fd + ")");
        return 0;
    }

    @Override
    public int write(int fd, byte[] buffer, int length) {
        record("write(" + fd + ")");
        return length;
    }

    @Override
    public void mkdir(String path, int mode) {
        record("mkdir(" + path + ", " + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void mkdirat(int dirFd, String name, int mode) {
        record("mkdirat(" + pathOf(dirFd) + ", " + name + ")");
        String parent = pathOf(dirFd);
        String path = parent == null || parent.equals(".") ? name : parent + "/" + name;
        synchronized (files) {
            if (!files.isEmpty()) {
                files.put(path, new FileStat(OpenFlags.S_IFDIR | mode, 0, 0, 0, 0));
            }
        }
    }

    @Override
    public void mknod(String path, int mode, long device) {
        record("mknod(" + path + ", " + Integer.toOctalString(mode) + ", " + device + ")");
    }

    @Override
    public void symlink(String target, String linkPath) {
        record("symlink(" + target + ", " + linkPath + ")");
    }

    @Override
    public void chmod(String path, int mode) {
        record("chmod(" + path + ", " + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void lchown(String path, int uid, int gid) {
        record("lchown(" + path + ", " + uid + ", " + gid + ")");
    }

    @Override
    public void unlink(String path) {
        record("unlink(" + path + ")");
    }

    @Override
    public void chdir(String path) {
        record("chdir(" + path + ")");
    }

    @Override
    public FileStat fstat(int fd) {
        record("fstat(" + fd + ")");
        String path = openPaths.get(fd);
        synchronized (files) {
            FileStat stat = path == null ? null : files.get(path);
            return stat != null ? stat : new FileStat(OpenFlags.S_IFREG | 0755, 0, 0, 0, 0);
        }
    }

    @Override
    public Optional<FileStat> lstat(String path) {
        record("lstat(" + path + ")");
        synchronized (files) {
            return Optional.ofNullable(files.get(path));
        }
    }

    @Override
    public int[] pipe2(int flags) {
        record("pipe2()");
        return new int[] {newFd("pipe:r"), newFd("pipe:w")};
    }

    @Override
    public int fcntl(int fd, int command, long argument) {
        record("fcntl(" + fd + ", " + command + ", " + argument + ")");
        return 0;
    }

    @Override
    public void unlockPty(int master) {
        record("unlockpt(" + master + ")");
    }

    @Override
    public int ptyNumber(int master) {
        record("ptsname(" + master + ")");
        return 0;
    }

    @Override
    public void setWindowSize(int fd, int rows, int columns) {
        record("winsize(" + fd + ", " + rows + "x" + columns + ")");
    }

    @Override
    public int posixSpawn(SpawnRequest request) {
        record("posix_spawn(" + request.path() + ", " + request.argv() + ")");
        return spawner == null ? 4242 : spawner.apply(request);
    }

    @Override
    public void kill(int pid, int signal) {
        record("kill(" + pid + ", " + signal + ")");
    }

    @Override
    public void execve(String path, List<String> argv, List<String> env) {
        record("execve(" + path + ", " + argv + ")");
        throw new SyscallException("exec", path, Errno.ENOENT);
    }

    @Override
    public void exit(int status) {
        record("exit(" + status + ")");
    }

    @Override
    public int pidfdOpen(int pid) {
        record("pidfd_open(" + pid + ")");
        return newFd(null);
    }

    @Override
    public Optional<WaitStatus> waitpid(int pid, boolean noHang) {
        record("waitpid(" + pid + ")");
        return Optional.of(new WaitStatus(pid, 0, 0));
    }

    @Override
    public List<Integer> childrenOf(int tid) {
        record("children(" + tid + ")");
        return children;
    }

    @Override
    public void sethostname(String hostname) {
        record("sethostname(" + hostname + ")");
    }

    @Override
    public void setgroups(int[] groups) {
        record("setgroups(" + java.util.Arrays.toString(groups) + ")");
    }

    @Override
    public void setresgid(int gid) {
        record("setresgid(" + gid + ")");
    }

    @Override
    public void setresuid(int uid) {
        record("setresuid(" + uid + ")");
    }

    @Override
    public void dropBoundingCapability(int capability) {
        record("capbset_drop(" + capability + ")");
    }

    @Override
    public void capset(long effective, long permitted, long inheritable) {
        record("capset(" + Long.toHexString(effective) + ", " + Long.toHexString(permitted) + ", "
                + Long.toHexString(inheritable) + ")");
    }

    @Override
    public void clearAmbientCapabilities() {
        record("ambient_clear()");
    }

    @Override
    public void setNoNewPrivs() {
        record("no_new_privs()");
    }

    @Override
    public void setInterfaceUp(String name) {
        record("ifup(" + name + ")");
    }

    @Override
    public int netlinkSocket(int protocol) {
        record("netlink_socket(" + protocol + ")");
        return newFd("netlink:" + protocol);
    }

    @Override
    public void send(int fd, byte[] buffer, int length) {
        record("send(" + fd + ", " + length + " bytes)");
    }

    /** No kernel answers here: subclasses that test a netlink client return the replies it expects. */
    @Override
    public int recv(int fd, byte[] buffer) {
        record("recv(" + fd + ")");
        throw new UnsupportedOperationException("RecordingSyscalls has no netlink replies; override recv");
    }

    @Override
    public int epollCreate() {
        record("epoll_create()");
        return newFd(null);
    }

    @Override
    public void epollAdd(int epollFd, int fd, int events, long data) {
        record("epoll_add(" + fd + ")");
    }

    @Override
    public void epollDelete(int epollFd, int fd) {
        record("epoll_del(" + fd + ")");
    }

    @Override
    public int epollWait(int epollFd, long[] data, int timeoutMillis) {
        return 0;
    }

    @Override
    public int inotifyInit() {
        record("inotify_init()");
        return newFd(null);
    }

    @Override
    public int inotifyAddWatch(int inotifyFd, String path, int mask) {
        record("inotify_add_watch(" + path + ")");
        return newFd(null);
    }

    @Override
    public void inotifyRemoveWatch(int inotifyFd, int watch) {
        record("inotify_rm_watch(" + watch + ")");
    }

    /** Extended attributes are kept in memory by path: tests need not be root to use trusted.* names. */
    @Override
    public List<String> listXattrs(String path) {
        record("llistxattr(" + path + ")");
        synchronized (xattrs) {
            return List.copyOf(xattrs.getOrDefault(path, Map.of()).keySet());
        }
    }

    @Override
    public Optional<byte[]> getXattr(String path, String name) {
        record("lgetxattr(" + path + ", " + name + ")");
        synchronized (xattrs) {
            return Optional.ofNullable(xattrs.getOrDefault(path, Map.of()).get(name)).map(byte[]::clone);
        }
    }

    @Override
    public void setXattr(String path, String name, byte[] value) {
        record("lsetxattr(" + path + ", " + name + ", " + new String(value, java.nio.charset.StandardCharsets.UTF_8)
                + ")");
        synchronized (xattrs) {
            xattrs.computeIfAbsent(path, p -> new java.util.TreeMap<>()).put(name, value.clone());
        }
    }
}
