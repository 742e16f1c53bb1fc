package dev.berth.agent.rootfs;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one container's root filesystem is made of.
 *
 * @param mountpoint host directory the overlay is mounted on, inside the container's own mount namespace only
 * @param lowerDirs the image's unpacked layers, top layer first (overlay order)
 * @param upperDir the container's writable layer
 * @param workDir overlayfs' scratch directory, on the same filesystem as {@code upperDir}
 * @param etcFiles container path (such as {@code /etc/hostname}) to the host file bind-mounted there
 * @param initBinary host path of the init bound read-only at {@code /dev/init} for {@code --init}, or null
 */
public record RootfsSpec(String mountpoint, List<String> lowerDirs, String upperDir, String workDir,
                         Map<String, String> etcFiles, @Nullable String initBinary) {

    /** The kernel refuses mount data longer than a page. */
    static final int MAX_MOUNT_DATA = 4095;

    public RootfsSpec {
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower layer");
        }
        lowerDirs = List.copyOf(lowerDirs);
        etcFiles = Map.copyOf(etcFiles);
        for (String dir : lowerDirs) {
            checkOverlayPath(dir);
        }
        checkOverlayPath(upperDir);
        checkOverlayPath(workDir);
    }

    private static void checkOverlayPath(String path) {
        // ':' separates lowerdirs and ',' separates options; Berth's own paths never contain them.
        if (path.contains(":") || path.contains(",") || !path.startsWith("/")) {
            throw new IllegalArgumentException("overlay path must be absolute, without ':' or ',': " + path);
        }
    }

    /** The overlay mount options; fails clearly when too many layers make them longer than the kernel accepts. */
    public String overlayOptions() {
        String options = "lowerdir=" + String.join(":", lowerDirs) + ",upperdir=" + upperDir + ",workdir=" + workDir;
        if (options.length() > MAX_MOUNT_DATA) {
            throw new IllegalArgumentException("image has too many layers (" + lowerDirs.size()
                    + ") for one overlay mount: the options are " + options.length() + " bytes, the kernel takes "
                    + MAX_MOUNT_DATA);
        }
        return options;
    }
}
