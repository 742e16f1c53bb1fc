package dev.berth.agent.linux;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every kernel call Berth makes. {@link LinuxSyscalls} binds them with JNA; tests use a recording fake, so that the launch and rootfs logic is
 * checked without root.
 *
 * <p>Calls that change credentials ({@link #setresuid}, {@link #capset}, ...) act on the calling thread only: they are
 * raw system calls, not the glibc wrappers that broadcast to every thread of the JVM. Each failure throws
 * {@link SyscallException} naming the call, the path and the errno.
 */
public interface Syscalls {

    // --- processes --------------------------------------------------------------------------------------------

    /**
     * posix_spawn(3). Returns the child's pid once it has exec'd. A failed exec or file action throws
     * {@link SyscallException} for call {@code exec} with the errno the child saw; that child is already reaped.
     */
    int posixSpawn(SpawnRequest request);

    void kill(int pid, int signal);

    /** waitpid(2) for one child; empty with {@code noHang} when it has not exited yet. */
    Optional<WaitStatus> waitpid(int pid, boolean noHang);

    // --- identity ---------------------------------------------------------------------------------------------

    int gettid();

    int getpid();

    // --- namespaces -------------------------------------------------------------------------------------------

    void unshare(int flags);

    void setns(int fd, int nstype);

    // --- mounts -----------------------------------------------------------------------------------------------

    void mount(@Nullable String source, String target, @Nullable String fstype, long flags, @Nullable String data);

    void umount2(String target, int flags);

    void pivotRoot(String newRoot, String putOld);

    /** fsopen(2): a filesystem context, such as {@code proc}. */
    int fsopen(String fsName, int flags);

    /** fsconfig(FSCONFIG_SET_FD): for example {@code pidns} for a proc instance of another PID namespace. */
    void fsconfigSetFd(int fsFd, String key, int fd);

    void fsconfigSetString(int fsFd, String key, String value);

    void fsconfigCreate(int fsFd);

    /** fsmount(2): turns a configured context into a detached mount, returned as a descriptor. */
    int fsmount(int fsFd, int flags, int attrFlags);

    /** move_mount(2) of a detached mount onto a path of the caller's mount namespace. */
    void moveMount(int fromFd, String toPath);

    /** move_mount(2) of a detached mount onto the file or directory an O_PATH descriptor refers to. */
    void moveMountToFd(int fromFd, int toFd);

    // --- files ------------------------------------------------------------------------------------------------

    int open(String path, int flags, int mode);

    int openat(int dirFd, String path, int flags, int mode);

    /** openat2(2); with {@link OpenFlags#RESOLVE_IN_ROOT}, symlinks resolve as if {@code dirFd} were "/". */
    int openat2(int dirFd, String path, int flags, long resolve);

    void close(int fd);

    /**
     * fallocate(2). With {@code FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE} it frees a range's blocks while offsets
     * and the size stay as they were: the range then reads as zeros.
     */
    void fallocate(int fd, int mode, long offset, long length);

    /** read(2); 0 at end of file, -1 when a non-blocking descriptor has nothing (EAGAIN). */
    int read(int fd, byte[] buffer, int length);

    int write(int fd, byte[] buffer, int length);

    /** Reads until end of file or {@code limit} bytes, whichever comes first. */
    default byte[] readUpTo(int fd, int limit) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(limit, 65536));
        byte[] chunk = new byte[Math.max(1, Math.min(limit, 65536))];
        int n;
        while (out.size() < limit && (n = read(fd, chunk, Math.min(chunk.length, limit - out.size()))) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes all of {@code bytes}, however many calls it takes. */
    default void writeFully(int fd, byte[] bytes) {
        int written = 0;
        while (written < bytes.length) {
            byte[] rest = written == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, written, bytes.length);
            written += write(fd, rest, rest.length);
        }
    }

    void mkdir(String path, int mode);

    /** mkdirat(2): creates {@code name} inside the directory {@code dirFd} refers to, never following a symlink. */
    void mkdirat(int dirFd, String name, int mode);

    void mknod(String path, int mode, long device);

    void symlink(String target, String linkPath);

    void chmod(String path, int mode);

    void lchown(String path, int uid, int gid);

    void unlink(String path);

    void chdir(String path);

    FileStat fstat(int fd);

    /** lstat(2); empty if the path does not exist. */
    Optional<FileStat> lstat(String path);

    int[] pipe2(int flags);

    int fcntl(int fd, int command, long argument);

    // --- terminals --------------------------------------------------------------------------------------------

    /** ioctl(TIOCSPTLCK, 0) on a pty master: its slave may then be opened. */
    void unlockPty(int master);

    /** ioctl(TIOCGPTN): the number N of a master's slave, {@code /dev/pts/N} of the master's devpts instance. */
    int ptyNumber(int master);

    /** ioctl(TIOCSWINSZ): the kernel sends SIGWINCH to the terminal's foreground process group when it changes. */
    void setWindowSize(int fd, int rows, int columns);

    // --- processes --------------------------------------------------------------------------------------------

    /** execve(2) from the calling thread; returns only by throwing. */
    void execve(String path, List<String> argv, List<String> env);

    /** exit_group(2) of this whole process, without running Java shutdown hooks. */
    void exit(int status);

    int pidfdOpen(int pid);

    /** The children of one of this process's threads, from {@code /proc/self/task/TID/children}. */
    List<Integer> childrenOf(int tid);

    // --- the calling thread's identity and privileges ---------------------------------------------------------

    void sethostname(String hostname);

    void setgroups(int[] groups);

    void setresgid(int gid);

    void setresuid(int uid);

    /** prctl(PR_CAPBSET_DROP) of one capability number. */
    void dropBoundingCapability(int capability);

    /** capset(2) of the calling thread's effective, permitted and inheritable sets (64-bit masks). */
    void capset(long effective, long permitted, long inheritable);

    /** prctl(PR_CAP_AMBIENT_CLEAR_ALL). */
    void clearAmbientCapabilities();

    /** prctl(PR_SET_NO_NEW_PRIVS, 1): exec can never grant more privileges (setuid bits, file capabilities). */
    void setNoNewPrivs();

    // --- network ----------------------------------------------------------------------------------------------

    /** Sets IFF_UP on an interface of the caller's network namespace (SIOCSIFFLAGS). */
    void setInterfaceUp(String name);

    /**
     * socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol), bound with port id 0 so that the kernel assigns one. Like
     * every socket, it belongs to the network namespace of the calling thread for the rest of its life.
     */
    int netlinkSocket(int protocol);

    /** sendto(2) of one datagram to the kernel (netlink port id 0). */
    void send(int fd, byte[] buffer, int length);

    /**
     * recv(2) of one datagram with MSG_TRUNC: returns its full length, which exceeds {@code buffer.length} when the
     * datagram did not fit and was cut.
     */
    int recv(int fd, byte[] buffer);

    // --- events -----------------------------------------------------------------------------------------------

    int epollCreate();

    void epollAdd(int epollFd, int fd, int events, long data);

    void epollDelete(int epollFd, int fd);

    /** epoll_wait(2); fills {@code data} with the registered data of each ready descriptor and returns the count. */
    int epollWait(int epollFd, long[] data, int timeoutMillis);

    int inotifyInit();

    int inotifyAddWatch(int inotifyFd, String path, int mask);

    void inotifyRemoveWatch(int inotifyFd, int watch);

    // --- extended attributes ----------------------------------------------------------------------------------

    /** llistxattr(2): the names of a file's extended attributes, of a symlink itself; empty where xattrs are off. */
    List<String> listXattrs(String path);

    /** lgetxattr(2); empty when the file has no such attribute. */
    Optional<byte[]> getXattr(String path, String name);

    /** lsetxattr(2), creating or replacing the attribute. */
    void setXattr(String path, String name, byte[] value);
}
