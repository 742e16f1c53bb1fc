package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.IncomingLayer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docker pull}: finds the image's manifest (choosing this node's platform from an index), fetches and checks
 * its config, then has the image store take the layers it does not have yet, each streamed once from the registry,
 * verified against the manifest's digest and size, checked against the config's diff id and unpacked into its
 * content-addressed directory.
 *
 * <p>It happens in two steps, so that an API can answer "no such image" with a plain error before it starts
 * streaming progress: {@link #resolve}, then {@link #pull}.
 */
public final class ImagePuller {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Registries registries;
    private final ImageStore store;
    private final String architecture;

    public ImagePuller(Registries registries, ImageStore store) {
        this(registries, store, ImageManifest.hostArchitecture());
    }

    ImagePuller(Registries registries, ImageStore store, String architecture) {
        this.registries = registries;
        this.store = store;
        this.architecture = architecture;
    }

    /** An image found in its registry, ready to be pulled. */
    public record Resolved(RemoteReference reference, ImageManifest manifest, byte[] config, List<Digest> diffIds,
                           RegistryClient client) {}

    /**
     * Finds the image and fetches its config.
     *
     * @throws IllegalArgumentException if the reference is malformed
     * @throws RegistryException if the registry has no such image, or answers with something that is not one
     */
    public Resolved resolve(String text) {
        return resolve(text, null);
    }

    /** {@link #resolve(String)}, with {@code credentials} for a registry that asks for them (the pull keeps them). */
    public Resolved resolve(String text, @Nullable RegistryCredentials credentials) {
        RemoteReference reference = registries.parse(text);
        RegistryClient client = registries.client(reference.registry(), credentials);
        String where = reference.toString();
        RegistryClient.Document document = client.manifest(reference.repository(), reference.manifestReference(),
                MediaTypes.MANIFESTS);
        if (MediaTypes.isIndex(document.mediaType())) {
            Descriptor chosen = ImageManifest.choose(document.bytes(), architecture, where);
            document = client.manifest(reference.repository(), chosen.digest().toString(),
                    List.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST));
        }
        ImageManifest manifest = ImageManifest.parse(document.bytes(), document.mediaType(), document.digest(),
                where);
        byte[] config = client.smallBlob(reference.repository(), manifest.config());
        List<Digest> diffIds = diffIds(config, where);
        if (diffIds.size() != manifest.layers().size()) {
            throw new RegistryException(502, "MANIFEST_INVALID", where + ": the manifest has "
                    + manifest.layers().size() + " layers but the config lists " + diffIds.size() + " diff ids");
        }
        return new Resolved(reference, manifest, config, diffIds, client);
    }

    /**
     * Pulls a resolved image into the store, tagging it with its local name (none when it was asked for by digest
     * only), and reports each step to {@code listener}, the last one being {@code pulled}. Failures are thrown, not
     * reported.
     */
    public Image pull(Resolved resolved, Consumer<Progress> listener) {
        RemoteReference reference = resolved.reference();
        List<Descriptor> blobs = resolved.manifest().layers();
        // Advisory, for the client's display: the store decides for itself, under each layer's lock.
        List<Boolean> present = resolved.diffIds().stream().map(store::hasLayer).toList();
        List<Progress.LayerSize> sizes = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            sizes.add(new Progress.LayerSize(blobs.get(i).digest().toString(), blobs.get(i).size(), present.get(i)));
        }
        listener.accept(Progress.resolved(reference.toString(), resolved.manifest().digest(), sizes));
        Steps steps = new Steps(listener);
        List<IncomingLayer> incoming = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            incoming.add(new RemoteLayer(resolved.client(), reference.repository(), blobs.get(i),
                    resolved.diffIds().get(i), steps));
        }
        Image image = store.add(resolved.config(), incoming, reference.localName());
        steps.finish();
        for (int i = 0; i < blobs.size(); i++) {
            // Another pull unpacked it meanwhile, so this one found it instead of fetching it.
            if (!present.get(i) && !steps.fetched(blobs.get(i).digest())) {
                listener.accept(Progress.layer("exists", blobs.get(i).digest()));
            }
        }
        listener.accept(Progress.done("pulled", image.id(), reference.toString(), resolved.manifest().digest()));
        return image;
    }

    /** Turns "extracting layer n" into "complete" once layer n+1 starts downloading, or the pull ends. */
    private static final class Steps implements Consumer<Progress> {
        private final Consumer<Progress> listener;
        private final Set<String> extracting = new LinkedHashSet<>();
        private final Set<String> fetched = new HashSet<>();

        Steps(Consumer<Progress> listener) {
            this.listener = listener;
        }

        @Override
        public void accept(Progress step) {
            if (step.status().equals("downloading") && Long.valueOf(0).equals(step.current())) {
                finish();
                fetched.add(String.valueOf(step.layer()));
            }
            if (step.status().equals("extracting") && step.layer() != null) {
                extracting.add(step.layer());
            }
            listener.accept(step);
        }

        boolean fetched(Digest layer) {
            return fetched.contains(layer.toString());
        }

        void finish() {
            for (String layer : extracting) {
                listener.accept(Progress.layer("complete", Digest.parse(layer)));
            }
            extracting.clear();
        }
    }

    private static List<Digest> diffIds(byte[] config, String where) {
        try {
            JsonNode root = JSON.readTree(config);
            List<Digest> diffIds = new ArrayList<>();
            for (JsonNode diffId : root.path("rootfs").path("diff_ids").values()) {
                diffIds.add(Digest.parse(diffId.asString("")));
            }
            return diffIds;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RegistryException(502, "MANIFEST_INVALID", where + ": the image config is invalid: "
                    + e.getMessage());
        }
    }
}
