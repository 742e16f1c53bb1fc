package dev.berth.registry.manifest;

import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a pushed manifest into a {@link ParsedManifest}: OCI image manifests and indexes, Docker schema 2 manifests
 * and manifest lists. Only what the registry acts on is checked (types, descriptors, references); the bytes are kept
 * as they came, since their digest is their name.
 */
public final class ManifestParser {
    private final JsonMapper json;

    public ManifestParser(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param contentType the request's Content-Type, which names the manifest's type; when it is missing or generic
     *     the manifest's own {@code mediaType} field decides, and failing that its shape
     */
    public ParsedManifest parse(byte[] content, @Nullable String contentType) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JacksonException e) {
            throw new InvalidManifestException("the manifest is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("the manifest must be a JSON object");
        }
        String mediaType = mediaType(root, MediaTypes.bare(contentType));
        JsonNode schemaVersion = root.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isIntegralNumber() || schemaVersion.longValue() != 2) {
            throw new InvalidManifestException("schemaVersion must be 2 (Docker schema 1 manifests are not supported)");
        }
        Digest digest = Digest.sha256Of(content);
        @Nullable Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
        @Nullable String artifactType = optionalString(root, "artifactType");
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        if (MediaTypes.INDEXES.contains(mediaType)) {
            List<Descriptor> children = descriptors(root, "manifests");
            for (Descriptor child : children) {
                if (!MediaTypes.isManifest(child.mediaType())) {
                    // An index may in principle list other things, but this registry could not check they exist.
                    throw new InvalidManifestException("manifests[] entry " + child.digest() + " has media type '"
                            + child.mediaType() + "', which is not a manifest type this registry stores");
                }
            }
            return new ParsedManifest(mediaType, digest, content, null, List.of(), children, subject, artifactType,
                    annotations);
        }
        if (!root.has("config")) {
            throw new InvalidManifestException("an image manifest needs a config descriptor");
        }
        Descriptor config = descriptor(root.get("config"), "config");
        List<Descriptor> layers = descriptors(root, "layers");
        String reported = artifactType != null ? artifactType : config.mediaType();
        return new ParsedManifest(mediaType, digest, content, config, layers, List.of(), subject, reported,
                annotations);
    }

    private static String mediaType(JsonNode root, @Nullable String contentType) {
        @Nullable String declared = optionalString(root, "mediaType");
        boolean typed = contentType != null && !contentType.equals("application/json")
                && !contentType.equals("application/octet-stream");
        if (typed && declared != null && !declared.equals(contentType)) {
            throw new InvalidManifestException("the manifest's mediaType '" + declared
                    + "' differs from its Content-Type '" + contentType + "'");
        }
        String type;
        if (typed) {
            type = contentType;
        } else if (declared != null) {
            type = declared;
        } else if (root.has("manifests")) {
            type = MediaTypes.OCI_INDEX;
        } else if (root.has("config")) {
            type = MediaTypes.OCI_MANIFEST;
        } else {
            throw new InvalidManifestException("the manifest has no mediaType and neither config nor manifests");
        }
        if (type.equals(MediaTypes.DOCKER_SCHEMA1) || type.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)) {
            throw new InvalidManifestException("Docker schema 1 manifests are not supported; push schema 2 or OCI");
        }
        if (!MediaTypes.isManifest(type)) {
            throw new InvalidManifestException("unsupported manifest media type '" + type + "': expected one of "
                    + MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX + ", " + MediaTypes.DOCKER_MANIFEST
                    + ", " + MediaTypes.DOCKER_MANIFEST_LIST);
        }
        return type;
    }

    private static List<Descriptor> descriptors(JsonNode root, String field) {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw new InvalidManifestException("'" + field + "' must be an array of descriptors");
        }
        List<Descriptor> descriptors = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            descriptors.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return descriptors;
    }

    private static Descriptor descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException(where + " must be a descriptor object");
        }
        @Nullable String mediaType = optionalString(node, "mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw new InvalidManifestException(where + ".mediaType is missing");
        }
        @Nullable String digestText = optionalString(node, "digest");
        if (digestText == null) {
            throw new InvalidManifestException(where + ".digest is missing");
        }
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (RegistryException e) {
            throw new InvalidManifestException(where + ".digest: " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new InvalidManifestException(where + ".size must be a non-negative integer");
        }
        List<String> urls = new ArrayList<>();
        JsonNode urlArray = node.get("urls");
        if (urlArray != null && urlArray.isArray()) {
            for (JsonNode url : urlArray) {
                if (url.isString()) {
                    urls.add(url.stringValue());
                }
            }
        }
        return new Descriptor(mediaType, digest, size.longValue(), optionalString(node, "artifactType"),
                annotations(node.get("annotations"), where + ".annotations"), urls);
    }

    private static Map<String, String> annotations(@Nullable JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidManifestException(where + " must be an object of strings");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw new InvalidManifestException(where + "." + entry.getKey() + " must be a string");
            }
            annotations.put(entry.getKey(), entry.getValue().stringValue());
        }
        return annotations;
    }

    private static @Nullable String optionalString(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidManifestException("'" + field + "' must be a string");
        }
        return value.stringValue();
    }
}
