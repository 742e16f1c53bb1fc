package dev.berth.agent.image;

import java.util.Locale;

/**
 * One thing {@link ImageStore#remove} did: a tag it removed, or an image it deleted. The API answers each as a
 * one-member object, {@code {"untagged": "busybox:latest"}} or {@code {"deleted": "sha256:..."}}: {@link #key()}
 * and {@link #value()}.
 *
 * @param action what happened
 * @param subject the tag ({@code busybox:latest}) or the image id ({@code sha256:<hex>})
 */
public record ImageRemoval(Action action, String subject) {

    public enum Action {
        UNTAGGED,
        DELETED
    }

    public static ImageRemoval untagged(ImageRef tag) {
        return new ImageRemoval(Action.UNTAGGED, tag.toString());
    }

    public static ImageRemoval deleted(Digest id) {
        return new ImageRemoval(Action.DELETED, id.toString());
    }

    /** {@code untagged} or {@code deleted}. */
    public String key() {
        return action.name().toLowerCase(Locale.ROOT);
    }

    public String value() {
        return subject;
    }
}
