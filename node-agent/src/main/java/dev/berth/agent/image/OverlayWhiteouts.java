package dev.berth.agent.image;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whiteouts in the form overlayfs reads from a lowerdir, for layers that sit on other layers (loaded images, commits):
 * a character device 0:0 named after the hidden file, and {@code trusted.overlay.opaque=y} on a directory whose lower
 * content is hidden. Both need root, as the agent is.
 */
final class OverlayWhiteouts implements Whiteouts {
    static final String OPAQUE = "trusted.overlay.opaque";
    private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);

    private final Syscalls syscalls;

    OverlayWhiteouts(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /**
     * A file of this same layer with that name wins: the OCI spec applies a whiteout to the layers below only, and the
     * file already hides theirs.
     */
    @Override
    public void hide(Path dir, String name) {
        Path path = dir.resolve(name);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        syscalls.mknod(path.toString(), OpenFlags.S_IFCHR, 0);
    }

    @Override
    public void makeOpaque(Path dir) {
        syscalls.setXattr(dir.toString(), OPAQUE, YES);
    }
}
