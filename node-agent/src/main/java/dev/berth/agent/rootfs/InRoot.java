package dev.berth.agent.rootfs;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Paths inside a container's root, resolved as the container would resolve them.
 *
 * <p>An image is untrusted: {@code /etc} may be a symlink to {@code /host/etc}, or {@code ..} may climb out. Every
 * lookup here goes through openat2(RESOLVE_IN_ROOT) from a descriptor of the root, so symlinks resolve inside the
 * root; every creation is relative to such a descriptor; and mounts target {@code /proc/self/fd/N} of the resolved
 * descriptor. No host path is ever built by string concatenation from image content.
 */
public final class InRoot implements AutoCloseable {
    private final Syscalls sys;
    private final int rootFd;
    private final List<Integer> opened = new ArrayList<>();

    private InRoot(Syscalls sys, int rootFd) {
        this.sys = sys;
        this.rootFd = rootFd;
    }

    public static InRoot open(Syscalls sys, String root) {
        return new InRoot(sys, sys.open(root, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0));
    }

    /** The path a mount call can target to reach what {@code fd} refers to. */
    public static String magicPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    /** An O_PATH descriptor of {@code path} (relative to the root), following symlinks inside the root. */
    public Optional<Integer> resolve(String path) {
        try {
            return Optional.of(track(sys.openat2(rootFd, relative(path), OpenFlags.O_PATH | OpenFlags.O_CLOEXEC,
                    OpenFlags.RESOLVE_IN_ROOT | OpenFlags.RESOLVE_NO_MAGICLINKS)));
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Reads a small text file of the container, such as /etc/passwd; empty when it does not exist. */
    public String readText(String path, int limit) {
        int fd;
        try {
            fd = sys.openat2(rootFd, relative(path), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC,
                    OpenFlags.RESOLVE_IN_ROOT | OpenFlags.RESOLVE_NO_MAGICLINKS);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                return "";
            }
            throw e;
        }
        try {
            return new String(sys.readUpTo(fd, limit), java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            sys.close(fd);
        }
    }

    /** Resolves a directory, creating it and any missing parent (mode 0755, owned by root). */
    public int directory(String path) {
        Optional<Integer> existing = resolve(path);
        if (existing.isPresent()) {
            requireType(path, existing.get(), OpenFlags.S_IFDIR, "a directory");
            return existing.get();
        }
        int parent = parentDirectory(path);
        sys.mkdirat(parent, baseName(path), 0755);
        return resolve(path).orElseThrow(() -> new SyscallException("mkdirat", path, Errno.ENOENT));
    }

    /** Resolves a regular file to mount over, creating an empty one (mode 0644) when it is missing. */
    public int file(String path) {
        Optional<Integer> existing = resolve(path);
        if (existing.isPresent()) {
            requireType(path, existing.get(), OpenFlags.S_IFREG, "a regular file");
            return existing.get();
        }
        int parent = parentDirectory(path);
        int created = sys.openat(parent, baseName(path),
                OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC,
                0644);
        sys.close(created);
        return resolve(path).orElseThrow(() -> new SyscallException("openat", path, Errno.ENOENT));
    }

    private int parentDirectory(String path) {
        String rel = relative(path);
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? rootFd : directory(rel.substring(0, slash));
    }

    private void requireType(String path, int fd, int type, String what) {
        if (sys.fstat(fd).type() != type) {
            throw new RootfsException("rootfs: " + path + " is not " + what);
        }
    }

    private int track(int fd) {
        opened.add(fd);
        return fd;
    }

    private static String relative(String path) {
        String rel = path;
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel.isEmpty() ? "." : rel;
    }

    private static String baseName(String path) {
        String rel = relative(path);
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        for (int fd : opened) {
            sys.close(fd);
        }
        opened.clear();
        sys.close(rootFd);
    }
}
