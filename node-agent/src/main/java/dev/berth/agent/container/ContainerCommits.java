package dev.berth.agent.container;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.image.Change;
import dev.berth.agent.image.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageConfig;
import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.LayerDiff;
import dev.berth.agent.image.NoSuchImageException;
import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A container's writable layer, listed ({@code diff}) or made into an image ({@code commit}), running or not.
 *
 * <p>Both hold the container's lock, so that it is not removed (its layer deleted) or restarted meanwhile. A commit of
 * a running container freezes its cgroup while the layer is read, as {@code docker commit} pauses, so that no write is
 * caught half done and no file is swapped under the walk; where the cgroup cannot be frozen it goes on regardless.
 * The runtime's own mountpoints in the layer ({@code /etc/hosts} and the like) are left out of both.
 */
public final class ContainerCommits {

    private final ContainerRuntime runtime;
    private final ImageStore images;
    private final Syscalls sys;

    /**
     * What to commit.
     *
     * @param tag the new image's name, or null for an untagged image
     * @param comment the history step's comment ({@code commit -m}); empty for none
     * @param changes Dockerfile-like lines applied to the image's config, as import takes them
     * @param pause whether to freeze a running container while its layer is read
     */
    public record CommitSpec(@Nullable ImageRef tag, String comment, List<String> changes, boolean pause) {
        public CommitSpec {
            changes = List.copyOf(changes);
        }
    }

    public ContainerCommits(ContainerRuntime runtime, ImageStore images, Syscalls sys) {
        this.runtime = runtime;
        this.images = images;
        this.sys = sys;
    }

    /**
     * Makes an image of the container's image plus its writable layer. The config is the image's with {@code changes}
     * applied (not the container's own command or environment: those become the image's only through changes), and
     * the history step names the container's command, as Docker's does.
     *
     * @throws IllegalArgumentException for a malformed change, before anything is read
     */
    public Image commit(String reference, CommitSpec spec) {
        Container container = runtime.get(reference);
        container.lock().lock();
        try {
            if (container.removed()) {
                throw new NoSuchContainerException(reference);
            }
            ContainerConfig config = container.config();
            Image parent = images.find(config.imageId()).orElseThrow(() -> new NoSuchImageException(config.imageId()));
            ImageConfig imageConfig = parent.config().withChanges(spec.changes());
            LayerDiff diff = diffOf(container);
            @Nullable Cgroup cgroup = spec.pause() && container.state().running() ? container.cgroup() : null;
            return images.commit(Digest.parse(config.imageId()), out -> {
                boolean frozen = cgroup != null && cgroup.freeze();
                try {
                    diff.writeTar(out);
                } finally {
                    if (frozen) {
                        cgroup.thaw();
                    }
                }
            }, imageConfig, config.commandLine(), spec.comment(), spec.tag());
        } finally {
            container.lock().unlock();
        }
    }

    /** What the container changed against its image, sorted by path. */
    public List<Change> changes(String reference) {
        Container container = runtime.get(reference);
        container.lock().lock();
        try {
            if (container.removed()) {
                throw new NoSuchContainerException(reference);
            }
            return diffOf(container).changes();
        } finally {
            container.lock().unlock();
        }
    }

    private LayerDiff diffOf(Container container) {
        List<Path> lowerDirs = container.config().layerDirs().stream().map(Path::of).toList();
        return new LayerDiff(container.paths().upper(), lowerDirs, Set.copyOf(EtcFiles.MOUNTPOINTS), sys);
    }
}
