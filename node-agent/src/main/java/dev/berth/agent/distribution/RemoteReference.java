package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import dev.berth.agent.image.ImageRef;
import org.jspecify.annotations.Nullable;

/**
 * An image in a registry: {@code [host[:port]/]repository[:tag][@digest]}, as {@code docker pull} takes it. The
 * first path component is a registry host when it has a dot or a colon, or is {@code localhost}; otherwise the image
 * is in the node's default registry. A missing tag and digest mean {@code latest}.
 *
 * @param registry {@code host[:port]}
 * @param explicitRegistry whether the reference named the registry (and so its local name keeps the host)
 * @param repository the repository within the registry, such as {@code team/app}
 * @param tag the tag, or null when only a digest was given
 * @param digest the manifest digest, if one was given
 */
public record RemoteReference(String registry, boolean explicitRegistry, String repository, @Nullable String tag,
                              @Nullable Digest digest) {

    /** Parses {@code text}, naming the default registry {@code defaultRegistry} when it names none. */
    public static RemoteReference parse(String text, String defaultRegistry) {
        String rest = text.strip();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("an image reference is required, such as busybox or host:5000/app:1");
        }
        @Nullable Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid image reference '" + text + "': " + e.getMessage(), e);
            }
            rest = rest.substring(0, at);
        }
        @Nullable String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        String registry = defaultRegistry;
        boolean explicit = false;
        int first = rest.indexOf('/');
        if (first > 0) {
            String component = rest.substring(0, first);
            if (component.contains(".") || component.contains(":") || component.equals("localhost")) {
                registry = component;
                explicit = true;
                rest = rest.substring(first + 1);
            }
        }
        // ImageRef checks the repository and tag against the distribution grammar, with the same messages as
        // everywhere else.
        try {
            new ImageRef(explicit ? registry + "/" + rest : rest, tag == null ? "latest" : tag);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid image reference '" + text + "': " + e.getMessage(), e);
        }
        return new RemoteReference(registry, explicit, rest, tag, digest);
    }

    /**
     * The name the image has on the node: the repository, behind the host when the reference named one, with the
     * tag; or null when the reference gave only a digest (the image is then kept by id).
     */
    public @Nullable ImageRef localName() {
        if (tag == null) {
            return null;
        }
        return new ImageRef(explicitRegistry ? registry + "/" + repository : repository, tag);
    }

    /** The tag or the digest, as a registry's manifest endpoint takes it: the digest when both are given. */
    public String manifestReference() {
        if (digest != null) {
            return digest.toString();
        }
        return tag != null ? tag : "latest";
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(registry).append('/').append(repository);
        if (tag != null) {
            text.append(':').append(tag);
        }
        if (digest != null) {
            text.append('@').append(digest);
        }
        return text.toString();
    }
}
