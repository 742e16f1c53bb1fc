package dev.berth.agent.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits OCI image layout tars the way a hostile or merely foreign tool might: an image the agent saved gets one more
 * layer of the test's making, with every digest and size made right, so that only the layer's content is on trial.
 */
final class OciArchives {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OciArchives() {}

    /** The files of a tar, by name, in order; raw names kept. */
    static Map<String, byte[]> read(byte[] tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isFile()) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The first image of {@code saved} with {@code layer} (an uncompressed tar) on top, named {@code name}; the
     * archive holds only that image.
     */
    static byte[] withLayer(byte[] saved, byte[] layer, String name) {
        Map<String, byte[]> files = read(saved);
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode manifest = JSON.readTree(files.get(blob(index.path("manifests").get(0).path("digest").asString())));
        ObjectNode config = (ObjectNode) JSON.readTree(files.get(blob(manifest.path("config").path("digest")
                .asString())));
        String layerDigest = sha256(layer);
        ((ArrayNode) config.path("rootfs").path("diff_ids")).add(layerDigest);
        ((ArrayNode) config.path("history")).addObject().put("created", "2026-11-27T10:00:00Z")
                .put("created_by", "a test's layer");
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode newManifest = (ObjectNode) manifest.deepCopy();
        newManifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", sha256(configBytes)).put("size", configBytes.length);
        ((ArrayNode) newManifest.path("layers")).addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                .put("digest", layerDigest).put("size", layer.length);
        byte[] manifestBytes = JSON.writeValueAsBytes(newManifest);
        ObjectNode newIndex = JSON.createObjectNode().put("schemaVersion", 2);
        newIndex.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", sha256(manifestBytes)).put("size", manifestBytes.length)
                .putObject("annotations").put("org.opencontainers.image.ref.name", name);

        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("oci-layout", files.get("oci-layout"));
        out.put("index.json", JSON.writeValueAsBytes(newIndex));
        for (JsonNode base : manifest.path("layers").values()) {
            String path = blob(base.path("digest").asString());
            out.put(path, files.get(path));
        }
        out.put(blob(layerDigest), layer);
        out.put(blob(sha256(configBytes)), configBytes);
        out.put(blob(sha256(manifestBytes)), manifestBytes);
        return tar(out);
    }

    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A layer tar: name to content; a name ending in / is a directory. Names are written as given. */
    static byte[] layer(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> file : entries.entrySet()) {
                byte[] content = file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setMode(file.getKey().endsWith("/") ? 040755 : 0100644);
                entry.setSize(file.getKey().endsWith("/") ? 0 : content.length);
                tar.putArchiveEntry(entry);
                if (!file.getKey().endsWith("/")) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String blob(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
