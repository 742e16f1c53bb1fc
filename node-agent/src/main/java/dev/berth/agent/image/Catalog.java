package dev.berth.agent.image;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the images and the tags that name them. Writers build a new one and publish it whole, so
 * readers ({@code find}, {@code list}) never take a lock and never see half a change.
 *
 * @param images every image, tagged or not, by id
 * @param tags each tag and the image it names
 */
record Catalog(Map<Digest, ImageRecord> images, Map<ImageRef, Digest> tags) {
    static final Catalog EMPTY = new Catalog(Map.of(), Map.of());
    private static final Pattern ID_PREFIX = Pattern.compile("[a-f0-9]{12,64}");

    Catalog {
        images = Map.copyOf(images);
        tags = Map.copyOf(tags);
        for (Map.Entry<ImageRef, Digest> tag : tags.entrySet()) {
            if (!images.containsKey(tag.getValue())) {
                throw new IllegalArgumentException("tag " + tag.getKey() + " names " + tag.getValue()
                        + ", which is not an image here");
            }
        }
    }

    /**
     * An image a reference resolved to.
     *
     * @param tag the tag the reference named, or null when it named the image by id
     */
    record Match(ImageRecord image, @Nullable ImageRef tag) {}

    /**
     * Resolves {@code name[:tag]}, {@code sha256:<hex>}, 64 bare hex digits, or an id prefix of 12 or more hex digits
     * (with or without {@code sha256:}). A name wins over an id prefix that is spelled the same, as in Docker.
     *
     * @throws AmbiguousImageReferenceException if an id prefix matches several images
     * @throws IllegalArgumentException if the reference is neither a valid name nor an id
     */
    Optional<Match> resolve(String reference) {
        if (reference.startsWith("sha256:")) {
            String hex = reference.substring("sha256:".length());
            if (!ID_PREFIX.matcher(hex).matches()) {
                throw new IllegalArgumentException("invalid image id '" + reference
                        + "': expected sha256: and 12 to 64 lowercase hex digits");
            }
            return byIdPrefix(reference, hex);
        }
        if (Digest.isSha256Hex(reference)) {
            return byIdPrefix(reference, reference);
        }
        @Nullable ImageRef tag = null;
        @Nullable IllegalArgumentException invalidName = null;
        try {
            tag = ImageRef.parse(reference);
        } catch (IllegalArgumentException e) {
            invalidName = e;
        }
        if (tag != null && tags.containsKey(tag)) {
            return Optional.of(new Match(images.get(tags.get(tag)), tag));
        }
        if (ID_PREFIX.matcher(reference).matches()) {
            return byIdPrefix(reference, reference);
        }
        if (invalidName != null) {
            throw invalidName;
        }
        return Optional.empty();
    }

    private Optional<Match> byIdPrefix(String reference, String hexPrefix) {
        List<ImageRecord> matches = images.values().stream()
                .filter(image -> image.id().hex().startsWith(hexPrefix))
                .sorted(Comparator.comparing(image -> image.id().hex()))
                .toList();
        if (matches.size() > 1) {
            throw new AmbiguousImageReferenceException("image id prefix '" + reference + "' is ambiguous: it"
                    + " matches " + matches.stream().map(image -> image.id().toString()).toList()
                    + "; give more digits");
        }
        return matches.stream().findFirst().map(image -> new Match(image, null));
    }

    /** The tags of an image, sorted. */
    List<ImageRef> tagsOf(Digest id) {
        return tags.entrySet().stream()
                .filter(tag -> tag.getValue().equals(id))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(ImageRef::toString))
                .toList();
    }

    /** The record of a layer some image has. */
    Optional<LayerRecord> layer(Digest diffId) {
        return images.values().stream()
                .flatMap(image -> image.layers().stream())
                .filter(layer -> layer.diffId().equals(diffId))
                .findFirst();
    }

    boolean usesLayer(Digest diffId) {
        return layer(diffId).isPresent();
    }

    /** Whether a blob is some image's config or layer tar. */
    boolean usesBlob(Digest blob) {
        return images.containsKey(blob) || images.values().stream()
                .flatMap(image -> image.layers().stream())
                .anyMatch(layer -> layer.blob().equals(blob));
    }

    /** The first image that is {@code config} but for its timestamps. */
    Optional<ImageRecord> sameImageAs(OciImageConfig config) {
        return images.values().stream().filter(image -> image.config().sameImageAs(config)).findFirst();
    }

    Catalog withImage(ImageRecord image) {
        Map<Digest, ImageRecord> more = new HashMap<>(images);
        more.put(image.id(), image);
        return new Catalog(more, tags);
    }

    /** Points a tag at an image, moving it from the one it named before. */
    Catalog withTag(ImageRef tag, Digest id) {
        Map<ImageRef, Digest> more = new HashMap<>(tags);
        more.put(tag, id);
        return new Catalog(images, more);
    }

    Catalog withoutTag(ImageRef tag) {
        Map<ImageRef, Digest> fewer = new HashMap<>(tags);
        fewer.remove(tag);
        return new Catalog(images, fewer);
    }

    /** Drops an image and every tag that names it. */
    Catalog withoutImage(Digest id) {
        Map<Digest, ImageRecord> fewer = new HashMap<>(images);
        fewer.remove(id);
        Map<ImageRef, Digest> remaining = new HashMap<>(tags);
        remaining.values().removeIf(id::equals);
        return new Catalog(fewer, remaining);
    }
}
