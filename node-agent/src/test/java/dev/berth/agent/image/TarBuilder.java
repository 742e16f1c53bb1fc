package dev.berth.agent.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Crafts tar archives in memory, including the malicious ones a tar tool would not make: names are written as given,
 * absolute ones included.
 */
final class TarBuilder {
    static final Instant MTIME = Instant.parse("2024-05-01T12:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    /** Long names as PAX headers. */
    TarBuilder() {
        this(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    /** @param longFileMode how names over 100 bytes are written, e.g. {@link TarArchiveOutputStream#LONGFILE_GNU} */
    TarBuilder(int longFileMode) {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarBuilder dir(String name, int mode) {
        return dir(name, mode, 0, 0);
    }

    TarBuilder dir(String name, int mode, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        return put(entry, mode, uid, gid, new byte[0]);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        return file(name, content, mode, 0, 0);
    }

    TarBuilder file(String name, String content, int mode, int uid, int gid) {
        return put(new TarArchiveEntry(name, TarConstants.LF_NORMAL, true), mode, uid, gid,
                content.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder file(String name, byte[] content, int mode) {
        return put(new TarArchiveEntry(name, TarConstants.LF_NORMAL, true), mode, 0, 0, content);
    }

    /** A regular file with PAX headers, such as {@code SCHILY.xattr.user.note}. */
    TarBuilder fileWithPax(String name, String content, java.util.Map<String, String> pax) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        pax.forEach(entry::addPaxHeader);
        return put(entry, 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return put(entry, 0777, 0, 0, new byte[0]);
    }

    TarBuilder hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return put(entry, 0644, 0, 0, new byte[0]);
    }

    TarBuilder fifo(String name, int mode) {
        return put(new TarArchiveEntry(name, TarConstants.LF_FIFO, true), mode, 0, 0, new byte[0]);
    }

    TarBuilder charDevice(String name, int major, int minor) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return put(entry, 0666, 0, 0, new byte[0]);
    }

    TarBuilder blockDevice(String name, int major, int minor) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_BLK, true);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return put(entry, 0660, 0, 0, new byte[0]);
    }

    /** An entry of any type flag, such as a volume label. */
    TarBuilder typed(String name, byte typeFlag) {
        return put(new TarArchiveEntry(name, typeFlag, true), 0644, 0, 0, new byte[0]);
    }

    private TarBuilder put(TarArchiveEntry entry, int mode, int uid, int gid, byte[] content) {
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setModTime(MTIME.toEpochMilli());
        entry.setSize(content.length);
        try {
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    byte[] gzip() {
        return gzip(build());
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A small root filesystem with one of everything an image holds. */
    static TarBuilder rootfs() {
        return new TarBuilder()
                .dir("./", 0755)
                .dir("./bin", 0755)
                .file("./bin/busybox", "#!busybox\n", 0755)
                .symlink("./bin/sh", "/bin/busybox")
                .hardLink("./bin/busybox-link", "bin/busybox")
                .dir("./usr/bin", 0755)
                .file("./usr/bin/passwd", "setuid tool\n", 04755)
                .dir("./tmp", 01777)
                .dir("./etc", 0755)
                .file("./etc/passwd", "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n")
                .dir("./home", 0755)
                .dir("./home/user", 0750, 1000, 1000)
                .file("./home/user/.profile", "export PS1='$ '\n", 0600, 1000, 1000)
                .dir("./run", 0755)
                .fifo("./run/initctl", 0600)
                .dir("./dev", 0755)
                .charDevice("./dev/null", 1, 3)
                .blockDevice("./dev/sda", 8, 0)
                .dir("./readonly", 0555)
                .file("./readonly/inside", "filled after all\n", 0444);
    }
}
