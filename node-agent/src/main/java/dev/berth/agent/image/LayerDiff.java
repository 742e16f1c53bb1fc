package dev.berth.agent.image;

import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's writable layer (its overlay upperdir) against its image's layers: the changes {@code diff} lists
 * ({@link LayerChanges}), and the layer tar {@code commit} stores ({@link LayerTarWriter}).
 */
public final class LayerDiff {
    private static final Logger log = LoggerFactory.getLogger(LayerDiff.class);

    private final UpperDir upper;
    private final LowerLayers lower;

    /**
     * @param upperDir the container's upperdir
     * @param lowerDirs its image's layer directories, top first
     * @param excluded absolute paths in the container ({@code /etc/hosts}) that are the runtime's mountpoints, not the
     *     container's changes: left out of both, with whatever is below them
     */
    public LayerDiff(Path upperDir, List<Path> lowerDirs, Set<String> excluded, Syscalls syscalls) {
        this.upper = new UpperDir(upperDir, syscalls,
                excluded.stream().map(path -> EntryPath.of(path.replaceFirst("^/+", ""))).collect(Collectors.toSet()));
        this.lower = new LowerLayers(lowerDirs, syscalls);
    }

    /** What changed, sorted by path, as {@code docker diff} prints it. */
    public List<Change> changes() {
        try {
            return LayerChanges.of(upper, lower);
        } catch (IOException e) {
            throw new ImageException("reading the container's writable layer: " + e.getMessage(), e);
        }
    }

    /** Writes the layer as an uncompressed OCI layer tar, whiteouts translated; {@code out} is left open. */
    public void writeTar(OutputStream out) throws IOException {
        int skipped = LayerTarWriter.write(upper, out);
        if (skipped > 0) {
            log.info("left {} device nodes or sockets out of a committed layer: a layer carries none", skipped);
        }
    }
}
