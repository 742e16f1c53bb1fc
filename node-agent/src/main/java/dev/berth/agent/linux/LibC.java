package dev.berth.agent.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;

/** Direct JNA bindings of glibc. Every method returns the C result; errno comes from {@link Native#getLastError()}. */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    static native int getpid();

    static native int unshare(int flags);

    static native int setns(int fd, int nstype);

    static native int mount(String source, String target, String fstype, long flags, String data);

    static native int umount2(String target, int flags);

    static native int open(String path, int flags, int mode);

    static native int openat(int dirFd, String path, int flags, int mode);

    static native int close(int fd);

    static native int fallocate(int fd, int mode, long offset, long length);

    static native long read(int fd, byte[] buffer, long count);

    static native long write(int fd, byte[] buffer, long count);

    static native int mkdir(String path, int mode);

    static native int mknod(String path, int mode, long device);

    static native int mkdirat(int dirFd, String name, int mode);

    static native int execve(String path, StringArray argv, StringArray envp);

    static native void _exit(int status);

    static native int symlink(String target, String linkPath);

    static native int chmod(String path, int mode);

    static native int lchown(String path, int uid, int gid);

    static native int unlink(String path);

    static native int chdir(String path);

    static native int fstat(int fd, byte[] statBuffer);

    static native int lstat(String path, byte[] statBuffer);

    static native long llistxattr(String path, byte[] list, long size);

    static native long lgetxattr(String path, String name, byte[] value, long size);

    static native int lsetxattr(String path, String name, byte[] value, long size, int flags);

    static native int pipe2(int[] fds, int flags);

    static native int fcntl(int fd, int command, long argument);

    static native int kill(int pid, int signal);

    static native int waitpid(int pid, int[] status, int options);

    static native int sethostname(String name, long length);

    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    static native int socket(int domain, int type, int protocol);

    static native int ioctl(int fd, long request, byte[] argument);

    static native int bind(int fd, byte[] address, int addressLength);

    static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength);

    static native long recv(int fd, byte[] buffer, long length, int flags);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epollFd, int op, int fd, byte[] event);

    static native int epoll_wait(int epollFd, byte[] events, int maxEvents, int timeout);

    static native int inotify_init1(int flags);

    static native int inotify_add_watch(int fd, String path, int mask);

    static native int inotify_rm_watch(int fd, int watch);

    // posix_spawn and its attribute objects (opaque memory blocks sized generously).

    static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attributes, StringArray argv,
                                  StringArray envp);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int fromFd);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_destroy(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer sigset);

    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer sigset);

    static native int sigemptyset(Pointer sigset);

    static native int sigfillset(Pointer sigset);

    static native int sigdelset(Pointer sigset, int signal);

    // Raw system calls, for calls glibc does not wrap or wraps process-wide.

    static native long syscall(long number);

    static native long syscall(long number, long a1, long a2);

    static native long syscall(long number, long a1, long a2, long a3);

    static native long syscall(long number, long a1, Pointer a2);

    static native long syscall(long number, Pointer a1, Pointer a2);

    static native long syscall(long number, String a1, String a2);

    static native long syscall(long number, String a1, long a2);

    static native long syscall(long number, long a1, String a2, long a3, String a4, long a5);

    static native long syscall(long number, long a1, long a2, String a3, Pointer a4, long a5);

    static native long syscall(long number, long a1, String a2, Pointer a3, long a4);
}
