package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import dev.berth.agent.image.ImageContent;
import dev.berth.agent.image.ImageStore;
import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code docker push}: sends an image's layers and config to a registry, skipping those it has already, then its
 * manifest under the tag. Layers go as the store keeps them, uncompressed OCI tars: on the loopback and local networks
 * a registry usually sits on, compressing costs more time than it saves, and the layer digests stay the diff ids.
 */
public final class ImagePusher {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Registries registries;
    private final ImageStore store;

    public ImagePusher(Registries registries, ImageStore store) {
        this.registries = registries;
        this.store = store;
    }

    /**
     * Pushes the image named {@code reference} (a local name, whose host part, if any, says which registry) and
     * reports each step to {@code listener}, the last one being {@code pushed}. Failures are thrown, not reported.
     *
     * @throws dev.berth.agent.image.NoSuchImageException if the node has no such image
     * @throws IllegalArgumentException if the reference is malformed or has no tag
     */
    public Digest push(String reference, Consumer<Progress> listener) {
        return push(reference, null, listener);
    }

    /** {@link #push(String, Consumer)}, with {@code credentials} for a registry that asks for them. */
    public Digest push(String reference, @Nullable RegistryCredentials credentials, Consumer<Progress> listener) {
        RemoteReference target = registries.parse(reference);
        if (target.tag() == null || target.digest() != null) {
            throw new IllegalArgumentException("push takes name[:tag], not a digest: '" + reference + "'");
        }
        try (ImageContent content = store.content(reference)) {
            RegistryClient client = registries.client(target.registry(), credentials);
            String repository = target.repository();
            listener.accept(new Progress("preparing", null, null, null, content.layers().stream()
                    .map(layer -> new Progress.LayerSize(layer.digest().toString(), layer.size(), null)).toList(),
                    content.id().toString(), target.toString(), null, null));
            for (ImageContent.Layer layer : content.layers()) {
                if (client.hasBlob(repository, layer.digest())) {
                    listener.accept(Progress.layer("exists", layer.digest()));
                    continue;
                }
                listener.accept(Progress.bytes("uploading", layer.digest(), 0, layer.size()));
                client.upload(repository, layer.digest(), layer.size(),
                        () -> new ProgressReporter(layer.open(), listener, "uploading", layer.digest(), layer.size()));
                listener.accept(Progress.layer("complete", layer.digest()));
            }
            if (!client.hasBlob(repository, content.id())) {
                client.upload(repository, content.id(), content.config().length,
                        () -> new ByteArrayInputStream(content.config()));
            }
            Digest manifest = client.putManifest(repository, target.tag(), MediaTypes.OCI_MANIFEST,
                    manifest(content));
            listener.accept(Progress.done("pushed", content.id(), target.toString(), manifest));
            return manifest;
        }
    }

    private static byte[] manifest(ImageContent content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        ObjectNode config = root.putObject("config");
        config.put("mediaType", MediaTypes.OCI_CONFIG);
        config.put("digest", content.id().toString());
        config.put("size", content.config().length);
        ArrayNode layers = root.putArray("layers");
        for (ImageContent.Layer layer : content.layers()) {
            ObjectNode entry = layers.addObject();
            entry.put("mediaType", MediaTypes.OCI_LAYER);
            entry.put("digest", layer.digest().toString());
            entry.put("size", layer.size());
        }
        return JSON.writeValueAsBytes(root);
    }
}
