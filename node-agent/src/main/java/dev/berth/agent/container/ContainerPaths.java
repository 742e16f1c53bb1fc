package dev.berth.agent.container;

import dev.berth.agent.stdio.LogFiles;
import java.nio.file.Path;

/**
 * Where one container lives on disk.
 * <pre>
 * containers/&lt;id&gt;/
 * ├── config.json    what it was created with (never rewritten)
 * ├── state.json     its run state (rewritten atomically on every transition)
 * ├── upper/         its writable layer: the overlay's upperdir
 * ├── work/          overlayfs' scratch directory
 * ├── rootfs/        the overlay's mountpoint, mounted only inside the container's mount namespace
 * ├── hostname  hosts  resolv.conf     bind-mounted into its /etc
 * └── stdout.log  stdout.idx  stderr.log  stderr.idx   see {@link LogFiles}
 * </pre>
 */
public record ContainerPaths(Path directory) {

    public Path config() {
        return directory.resolve("config.json");
    }

    public Path state() {
        return directory.resolve("state.json");
    }

    public Path upper() {
        return directory.resolve("upper");
    }

    public Path work() {
        return directory.resolve("work");
    }

    public Path rootfs() {
        return directory.resolve("rootfs");
    }

    public Path hostname() {
        return directory.resolve("hostname");
    }

    public Path hosts() {
        return directory.resolve("hosts");
    }

    public Path resolvConf() {
        return directory.resolve("resolv.conf");
    }

    public LogFiles logs() {
        return new LogFiles(directory);
    }
}
