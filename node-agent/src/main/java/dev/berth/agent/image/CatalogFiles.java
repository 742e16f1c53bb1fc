package dev.berth.agent.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two metadata files of the store, each replaced atomically:
 *
 * <pre>{@code
 * images.json        {"sha256:<id>": {"layers": [{"diffId": "sha256:...", "blob": "sha256:...", "size": 2097}]}}
 * repositories.json  {"busybox:latest": "sha256:<id>"}
 * }</pre>
 *
 * An image's config, creation time and run-time defaults live in its config blob, the one source of truth for them;
 * images.json adds what the config does not say. A file that cannot be parsed stops the store from starting rather
 * than being taken for empty, which would delete every layer.
 */
final class CatalogFiles {
    static final String IMAGES = "images.json";
    static final String REPOSITORIES = "repositories.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path root;
    private final Path tmp;

    CatalogFiles(Path root, Path tmp) {
        this.root = root;
        this.tmp = tmp;
    }

    /** What the files say, before it is checked against the blobs and layers on disk. */
    record Stored(Map<Digest, List<LayerRecord>> images, Map<ImageRef, Digest> tags) {}

    Stored load() {
        Map<Digest, List<LayerRecord>> images = new LinkedHashMap<>();
        JsonNode imagesJson = read(IMAGES);
        try {
            for (Map.Entry<String, JsonNode> image : imagesJson.properties()) {
                List<LayerRecord> layers = new ArrayList<>();
                for (JsonNode layer : image.getValue().path("layers").values()) {
                    layers.add(new LayerRecord(Digest.parse(layer.path("diffId").asString()),
                            Digest.parse(layer.path("blob").asString()), layer.path("size").asLong()));
                }
                images.put(Digest.parse(image.getKey()), layers);
            }
        } catch (IllegalArgumentException | JacksonException e) {
            throw corrupt(IMAGES, e);
        }
        Map<ImageRef, Digest> tags = new LinkedHashMap<>();
        JsonNode repositoriesJson = read(REPOSITORIES);
        try {
            for (Map.Entry<String, JsonNode> tag : repositoriesJson.properties()) {
                tags.put(ImageRef.parse(tag.getKey()), Digest.parse(tag.getValue().asString()));
            }
        } catch (IllegalArgumentException | JacksonException e) {
            throw corrupt(REPOSITORIES, e);
        }
        return new Stored(images, tags);
    }

    /** Writes images.json, then repositories.json, so that a tag never names an image the files do not hold. */
    void save(Catalog catalog) {
        ObjectNode images = JSON.createObjectNode();
        Map<String, ImageRecord> sortedImages = new TreeMap<>();
        catalog.images().values().forEach(image -> sortedImages.put(image.id().toString(), image));
        sortedImages.forEach((id, image) -> {
            ArrayNode layers = images.putObject(id).putArray("layers");
            for (LayerRecord layer : image.layers()) {
                ObjectNode node = layers.addObject();
                node.put("diffId", layer.diffId().toString());
                node.put("blob", layer.blob().toString());
                node.put("size", layer.size());
            }
        });
        ObjectNode repositories = JSON.createObjectNode();
        Map<String, String> sortedTags = new TreeMap<>();
        catalog.tags().forEach((tag, id) -> sortedTags.put(tag.toString(), id.toString()));
        sortedTags.forEach(repositories::put);
        AtomicFiles.write(root.resolve(IMAGES), JSON.writeValueAsBytes(images), tmp);
        AtomicFiles.write(root.resolve(REPOSITORIES), JSON.writeValueAsBytes(repositories), tmp);
    }

    private JsonNode read(String name) {
        Path file = root.resolve(name);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (IOException e) {
            throw new ImageException("reading " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new ImageException(file + " is corrupt: expected a JSON object; fix or remove it");
            }
            return node;
        } catch (JacksonException e) {
            throw corrupt(name, e);
        }
    }

    private ImageException corrupt(String name, Exception cause) {
        return new ImageException(root.resolve(name) + " is corrupt (" + cause.getMessage()
                + "); fix or remove it", cause);
    }
}
