package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image manifest (OCI, or Docker schema 2): the config blob and the layers, bottom first. {@link #parse} also reads
 * an index (or Docker manifest list) far enough to choose the manifest of one platform.
 */
record ImageManifest(Digest digest, Descriptor config, List<Descriptor> layers) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    ImageManifest {
        layers = List.copyOf(layers);
    }

    /**
     * Reads a manifest that is not an index.
     *
     * @param mediaType its type, as the registry gave it or as it says itself
     * @throws RegistryException if it is not an image manifest Berth can run
     */
    static ImageManifest parse(byte[] bytes, String mediaType, Digest digest, String where) {
        JsonNode root = tree(bytes, where);
        if (root.path("schemaVersion").asInt(0) != 2) {
            throw invalid(where, "schemaVersion " + root.path("schemaVersion") + " (only 2 is supported)");
        }
        if (!MediaTypes.OCI_MANIFEST.equals(mediaType) && !MediaTypes.DOCKER_MANIFEST.equals(mediaType)) {
            throw invalid(where, "media type " + mediaType + " is not an image manifest");
        }
        Descriptor config = descriptor(root.path("config"), where + " config");
        if (!MediaTypes.CONFIGS.contains(config.mediaType())) {
            throw new RegistryException(415, null, where + " is not a container image: its config is "
                    + config.mediaType() + " (an artifact, not something that runs)");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode node : root.path("layers").values()) {
            Descriptor layer = descriptor(node, where + " layer " + layers.size());
            if (!MediaTypes.LAYERS.contains(layer.mediaType())) {
                throw new RegistryException(415, null, where + ": layer " + layer.digest() + " is "
                        + layer.mediaType() + "; Berth takes plain and gzip-compressed tar layers ("
                        + String.join(", ", MediaTypes.LAYERS) + ")");
            }
            layers.add(layer);
        }
        return new ImageManifest(digest, config, layers);
    }

    /** The media type a manifest gives itself, for registries that answer with a generic {@code Content-Type}. */
    static @Nullable String declaredType(byte[] bytes, String where) {
        JsonNode type = tree(bytes, where).path("mediaType");
        return type.isString() ? type.asString() : null;
    }

    /**
     * Chooses the entry of an index for {@code linux/<architecture>}.
     *
     * @throws RegistryException naming the platforms there are, if none is this one
     */
    static Descriptor choose(byte[] index, String architecture, String where) {
        JsonNode root = tree(index, where);
        List<String> offered = new ArrayList<>();
        for (JsonNode entry : root.path("manifests").values()) {
            JsonNode platform = entry.path("platform");
            String os = platform.path("os").asString("");
            String arch = platform.path("architecture").asString("");
            offered.add(os + "/" + arch);
            if (os.equals("linux") && arch.equals(architecture)) {
                Descriptor chosen = descriptor(entry, where + " entry linux/" + arch);
                if (MediaTypes.isIndex(chosen.mediaType())) {
                    throw invalid(where, "its linux/" + arch + " entry is another index");
                }
                return chosen;
            }
        }
        throw new RegistryException(404, "MANIFEST_UNKNOWN", where + " has no image for linux/" + architecture
                + "; it has " + (offered.isEmpty() ? "none" : String.join(", ", offered)));
    }

    /** The OCI name of this machine's architecture. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static Descriptor descriptor(JsonNode node, String what) {
        String mediaType = node.path("mediaType").asString("");
        if (mediaType.isEmpty()) {
            throw invalid(what, "has no mediaType");
        }
        long size = node.path("size").asLong(-1);
        if (!node.path("size").isIntegralNumber() || size < 0) {
            throw invalid(what, "has no valid size");
        }
        try {
            return new Descriptor(mediaType, Digest.parse(node.path("digest").asString("")), size);
        } catch (IllegalArgumentException e) {
            throw invalid(what, e.getMessage());
        }
    }

    private static JsonNode tree(byte[] bytes, String where) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw invalid(where, "is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw invalid(where, "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static RegistryException invalid(String where, String why) {
        return new RegistryException(502, "MANIFEST_INVALID", where + " " + why);
    }
}
