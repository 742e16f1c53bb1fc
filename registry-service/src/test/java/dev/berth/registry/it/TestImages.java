package dev.berth.registry.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Images made by hand for the tests: tar layers, configs, manifests and OCI image layouts. */
final class TestImages {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private TestImages() {}

    /** An image's parts: its blobs (config, then layers) and its manifest, with their digests. */
    record Image(byte[] config, List<byte[]> layers, byte[] manifest, String mediaType) {
        String configDigest() {
            return V2Client.digest(config);
        }

        String layerDigest(int i) {
            return V2Client.digest(layers.get(i));
        }

        String digest() {
            return V2Client.digest(manifest);
        }

        long imageSize() {
            return config.length + layers.stream().mapToLong(l -> l.length).sum();
        }

        /** Pushes the blobs and the manifest; returns the manifest push's answer. */
        V2Client.Response push(V2Client registry, String repository, String reference) {
            registry.pushBlob(repository, config);
            for (byte[] layer : layers) {
                registry.pushBlob(repository, layer);
            }
            return registry.pushManifest(repository, reference, mediaType, manifest);
        }
    }

    /** An OCI image with one gzipped layer holding {@code files}. */
    static Image ociImage(Map<String, String> files) {
        byte[] tar = tar(files);
        byte[] layer = gzip(tar);
        byte[] config = V2Client.utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + V2Client.digest(tar) + "\"]}}");
        return new Image(config, List.of(layer), imageManifest(OCI_MANIFEST, OCI_CONFIG, config, OCI_LAYER,
                List.of(layer), ""), OCI_MANIFEST);
    }

    /** A Docker schema 2 image with one layer. */
    static Image dockerImage(String content) {
        byte[] tar = tar(Map.of("docker.txt", content));
        byte[] layer = gzip(tar);
        byte[] config = V2Client.utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
                + "\"layers\",\"diff_ids\":[\"" + V2Client.digest(tar) + "\"]}}");
        return new Image(config, List.of(layer), imageManifest(DOCKER_MANIFEST, DOCKER_CONFIG, config, DOCKER_LAYER,
                List.of(layer), ""), DOCKER_MANIFEST);
    }

    /** An artifact (an empty config, one blob) that refers to {@code subject}. */
    static Image artifact(String artifactType, byte[] blob, String subjectDigest, long subjectSize,
                          String annotation) {
        byte[] config = V2Client.utf8("{}");
        String extra = ",\"artifactType\":\"" + artifactType + "\",\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + subjectDigest + "\",\"size\":" + subjectSize + "},\"annotations\":"
                + "{\"org.example.note\":\"" + annotation + "\"}";
        return new Image(config, List.of(blob), imageManifest(OCI_MANIFEST, "application/vnd.oci.empty.v1+json",
                config, "application/octet-stream", List.of(blob), extra), OCI_MANIFEST);
    }

    static byte[] imageManifest(String mediaType, String configType, byte[] config, String layerType,
                                List<byte[]> layers, String extraFields) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\","
                + "\"config\":" + descriptor(configType, config) + ",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(descriptor(layerType, layers.get(i)));
        }
        return V2Client.utf8(json.append("]").append(extraFields).append("}").toString());
    }

    static byte[] index(String mediaType, String childType, List<byte[]> children) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType
                + "\",\"manifests\":[");
        String[] architectures = {"amd64", "arm64", "riscv64", "s390x"};
        for (int i = 0; i < children.size(); i++) {
            byte[] child = children.get(i);
            json.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(childType).append("\",\"digest\":\"")
                    .append(V2Client.digest(child)).append("\",\"size\":").append(child.length)
                    .append(",\"platform\":{\"architecture\":\"").append(architectures[i % 4])
                    .append("\",\"os\":\"linux\"}}");
        }
        return V2Client.utf8(json.append("]}").toString());
    }

    static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + V2Client.digest(content) + "\",\"size\":"
                + content.length + "}";
    }

    /**
     * Writes {@code image} as an OCI image layout: {@code oci-layout}, {@code index.json} naming it {@code tag}, and
     * {@code blobs/sha256/}.
     */
    static void writeLayout(Path dir, Image image, String tag) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(image.configDigest(), image.config());
        for (byte[] layer : image.layers()) {
            all.put(V2Client.digest(layer), layer);
        }
        all.put(image.digest(), image.manifest());
        for (Map.Entry<String, byte[]> blob : all.entrySet()) {
            Files.write(blobs.resolve(blob.getKey().substring("sha256:".length())), blob.getValue());
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\"" + image.mediaType() + "\",\"digest\":\"" + image.digest()
                + "\",\"size\":" + image.manifest().length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":"
                + "\"" + tag + "\"}}]}");
    }

    /** A ustar archive of regular files, mode 0644, owned by root, dated 2024-01-01. */
    static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> file : files.entrySet()) {
            byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[512];
            put(header, 0, file.getKey(), 100);
            put(header, 100, octal(0644, 7), 8);
            put(header, 108, octal(0, 7), 8);
            put(header, 116, octal(0, 7), 8);
            put(header, 124, octal(content.length, 11), 12);
            put(header, 136, octal(1704067200L, 11), 12);
            header[156] = '0';
            put(header, 257, "ustar", 6);
            put(header, 263, "00", 2);
            put(header, 265, "root", 32);
            put(header, 297, "root", 32);
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, octal(sum, 6), 7);
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String octal(long value, int digits) {
        String text = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - text.length())) + text;
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }
}
