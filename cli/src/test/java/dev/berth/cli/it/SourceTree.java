package dev.berth.cli.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the directory above the working directory that holds the deploy scripts. */
final class SourceTree {

    private static final String MARKER = "deploy/busybox-rootfs.sh";

    private SourceTree() {
    }

    static Path root() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Berth checkout (a directory with " + MARKER + ") at or above " + start);
    }

    static Path launcher() {
        return root().resolve("bin/berth");
    }

    static Path busyboxRootfsScript() {
        return root().resolve(MARKER);
    }
}
