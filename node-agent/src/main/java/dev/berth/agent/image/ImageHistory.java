package dev.berth.agent.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The steps that made an image, newest first, as {@code docker history} shows them: from the {@code history} of its
 * OCI config, each step that made a layer paired with that layer's size.
 *
 * <p>A step that completed an image still on this node (the image a commit started from, say) names that image;
 * Docker shows the others as {@code <missing>}. An image whose history does not match its layers (another tool's, or
 * none at all) shows one step per layer, with nothing known but the size.
 */
public final class ImageHistory {

    /**
     * One step.
     *
     * @param image the local image this step completed, or null
     * @param tags that image's tags
     * @param createdBy the command, such as {@code berth import} or a committed container's command
     * @param size bytes of the layer the step made; 0 for a step that changed only the config
     * @param comment what its maker said ({@code commit -m}); empty for none
     */
    public record Step(@Nullable Digest image, List<ImageRef> tags, Instant created, String createdBy, long size,
                       String comment, boolean emptyLayer) {

        public Step {
            tags = List.copyOf(tags);
        }
    }

    private ImageHistory() {}

    static List<Step> of(ImageRecord image, Catalog catalog) {
        List<OciImageConfig.History> steps = image.config().history();
        List<LayerRecord> layers = image.layers();
        if (steps.stream().filter(step -> !step.emptyLayer()).count() != layers.size()) {
            steps = layers.stream().map(layer -> new OciImageConfig.History(image.config().created(), "")).toList();
        }
        List<Step> result = new ArrayList<>();
        int layer = 0;
        for (int i = 0; i < steps.size(); i++) {
            OciImageConfig.History step = steps.get(i);
            long size = step.emptyLayer() ? 0 : layers.get(layer++).size();
            @Nullable ImageRecord completed = i == steps.size() - 1 ? image
                    : completedBy(catalog, steps.subList(0, i + 1), image.diffIds().subList(0, layer));
            result.add(new Step(completed == null ? null : completed.id(),
                    completed == null ? List.of() : catalog.tagsOf(completed.id()), step.created(),
                    step.createdBy(), size, step.comment(), step.emptyLayer()));
        }
        return result.reversed();
    }

    /** The local image whose making ended with exactly these steps and layers, if there is one. */
    private static @Nullable ImageRecord completedBy(Catalog catalog, List<OciImageConfig.History> steps,
                                                     List<Digest> diffIds) {
        return catalog.images().values().stream()
                .filter(candidate -> candidate.config().history().equals(steps)
                        && candidate.diffIds().equals(diffIds))
                .min(Comparator.comparing(candidate -> candidate.id().hex()))
                .orElse(null);
    }
}
