package dev.berth.agent.image;

import java.nio.file.Path;

/**
 * What the unpacker does with OCI whiteout entries, which hide files of the layers below: {@code .wh.NAME} hides
 * {@code NAME}, {@code .wh..wh..opq} hides everything below its directory.
 *
 * <p>A rootfs import has no layer below it, so it {@link #SKIP}s them. Layers that sit on other layers (loaded
 * images, commits) need the overlayfs form instead: a character device 0:0 named {@code NAME} (mknod), and the xattr
 * {@code trusted.overlay.opaque=y} on an opaque directory; {@link OverlayWhiteouts} makes them.
 */
public interface Whiteouts {

    /** Drops whiteouts: right for a layer with nothing below it. */
    Whiteouts SKIP = new Whiteouts() {
        @Override
        public void hide(Path dir, String name) {}

        @Override
        public void makeOpaque(Path dir) {}
    };

    /**
     * Hides {@code name} of the lower layers in {@code dir}, the entry's directory (already created and checked not
     * to be or pass through a symlink).
     */
    void hide(Path dir, String name);

    /** Hides everything the lower layers have in {@code dir}. */
    void makeOpaque(Path dir);
}
