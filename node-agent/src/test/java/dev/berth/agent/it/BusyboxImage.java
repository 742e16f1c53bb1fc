package dev.berth.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The base test image's rootfs tar, built once per test run by deploy/busybox-rootfs.sh from busybox-static. */
public final class BusyboxImage {
    private static Path tar;

    private BusyboxImage() {}

    public static synchronized Path tar() {
        if (tar == null) {
            Path root = projectRoot();
            Path out = root.resolve("node-agent/target/it/busybox-rootfs.tar");
            try {
                Files.createDirectories(out.getParent());
                Process process = new ProcessBuilder(root.resolve("deploy/busybox-rootfs.sh").toString(),
                        out.toString()).inheritIO().start();
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("deploy/busybox-rootfs.sh failed; is busybox-static installed?");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            tar = out;
        }
        return tar;
    }

    /** The repository root: the first ancestor of the working directory that holds deploy/busybox-rootfs.sh. */
    public static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/busybox-rootfs.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
}
