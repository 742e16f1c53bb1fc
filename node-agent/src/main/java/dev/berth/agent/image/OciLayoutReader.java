package dev.berth.agent.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an {@link OciLayout} tar (plain or gzip) into a work directory and checks all of it before the store takes
 * anything: every blob's sha256 against its name, every descriptor's size against its blob, every layer's diff id
 * against its image config. Nothing is written outside the work directory: the only files made are
 * {@code blobs/<64 hex>} there, named after a checked name and never after what the archive says otherwise. The archive
 * is refused, with an {@link InvalidArchiveException} that names the problem, for:
 *
 * <ul>
 *   <li>a name that is absolute or climbs out, a blob that is a link or a device, a blob named twice;
 *   <li>a digest other than sha256, a blob whose content is not its name, a descriptor whose size is not its blob's;
 *   <li>a missing {@code oci-layout}, {@code index.json} or blob, a document that is not the JSON it should be;
 *   <li>a layer type Berth cannot unpack (zstd), a layer whose diff id is not the config's, or more than
 *       {@code maxSize} bytes in one blob or one decompressed layer.
 * </ul>
 *
 * Files of the archive other than these (Docker's {@code manifest.json} and {@code repositories}) are skipped.
 */
final class OciLayoutReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // As the distribution spec caps manifests: a document the agent parses in memory is small.
    private static final int MAX_DOCUMENT = 4 << 20;
    private static final int MAX_INDEX_DEPTH = 2;

    /** A layer ready to unpack: the uncompressed tar and its diff id. */
    record Layer(Digest diffId, Path tar) {}

    /**
     * An image of the archive, checked.
     *
     * @param config the config blob's bytes, kept as they are so that the image id stays their digest
     * @param names what the archive calls it; empty if nothing
     */
    record Candidate(Digest id, byte[] config, OciImageConfig parsed, List<Layer> layers, List<ImageRef> names) {}

    private record Descriptor(@Nullable String mediaType, Digest digest, long size, JsonNode node) {}

    private final Path work;
    private final long maxSize;
    private final Map<Digest, Path> blobs = new HashMap<>();
    private final Map<Digest, Layer> layers = new HashMap<>();
    private byte @Nullable [] layoutFile;
    private byte @Nullable [] indexFile;

    private OciLayoutReader(Path work, long maxSize) {
        this.work = work;
        this.maxSize = maxSize;
    }

    /**
     * Reads {@code archive} to its end into {@code work} (an empty directory) and returns its images in index order.
     */
    static List<Candidate> read(InputStream archive, Path work, long maxSize) {
        OciLayoutReader reader = new OciLayoutReader(work, maxSize);
        try {
            Files.createDirectories(work.resolve("blobs"));
            reader.readArchive(archive);
        } catch (IOException e) {
            throw new ImageException("reading the image archive into " + work + ": " + e.getMessage(), e);
        }
        return reader.images();
    }

    // --- the tar ----------------------------------------------------------------------------------------------

    private void readArchive(InputStream upload) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(upload, 6);
        byte[] magic = peek.readNBytes(6);
        peek.unread(magic);
        boolean gzip;
        try {
            gzip = SpooledTar.Compression.detect(magic);
        } catch (InvalidLayerException e) {
            throw new InvalidArchiveException(e.getMessage(), e);
        }
        BufferedInputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(peek, 64 * 1024) : peek,
                64 * 1024);
        in.mark(512);
        try {
            TarReader.checkFirstHeader(in.readNBytes(512));
        } catch (InvalidLayerException e) {
            throw new InvalidArchiveException(e.getMessage() + "; expected an OCI image layout, as save writes", e);
        }
        in.reset();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        int entries = 0;
        for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
            entries++;
            String name;
            try {
                name = EntryPath.of(entry.getName()).toString();
            } catch (InvalidLayerException e) {
                throw new InvalidArchiveException("image archive " + e.getMessage(), e);
            }
            if (name.equals(OciLayout.LAYOUT_FILE)) {
                layoutFile = small(tar, entry, name);
            } else if (name.equals(OciLayout.INDEX_FILE)) {
                indexFile = small(tar, entry, name);
            } else if (name.startsWith("blobs/") && !entry.isDirectory()) {
                blob(tar, entry, name);
            }
        }
        // Whatever follows the end-of-archive blocks is not looked at, but the upload is read to its end.
        upload.transferTo(OutputStream.nullOutputStream());
        if (entries == 0) {
            throw new InvalidArchiveException("not an OCI image layout: the archive is empty");
        }
    }

    private static @Nullable TarArchiveEntry next(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArchiveException("corrupt image archive: " + e.getMessage(), e);
        }
    }

    private static byte[] small(TarArchiveInputStream tar, TarArchiveEntry entry, String name) throws IOException {
        if (!entry.isFile()) {
            throw new InvalidArchiveException("'" + name + "' in the image archive is not a plain file");
        }
        if (entry.getSize() > MAX_DOCUMENT) {
            throw new InvalidArchiveException("'" + name + "' is " + entry.getSize() + " bytes; at most "
                    + MAX_DOCUMENT + " are accepted");
        }
        return readFully(tar, name);
    }

    private void blob(TarArchiveInputStream tar, TarArchiveEntry entry, String name) throws IOException {
        String[] parts = name.split("/");
        if (parts.length != 3) {
            throw new InvalidArchiveException("'" + name + "' is not a blob: blobs are blobs/sha256/<64 hex digits>");
        }
        if (!parts[1].equals("sha256")) {
            throw new InvalidArchiveException("blob '" + name + "' uses the digest algorithm '" + parts[1]
                    + "'; only sha256 is supported");
        }
        if (!Digest.isSha256Hex(parts[2])) {
            throw new InvalidArchiveException("blob '" + name + "' is not named by a sha256 digest (64 lowercase hex"
                    + " digits)");
        }
        if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
            throw new InvalidArchiveException("blob '" + name + "' is a " + kind(entry)
                    + "; the blobs of an image archive must be plain files");
        }
        Digest digest = Digest.sha256(parts[2]);
        if (blobs.containsKey(digest)) {
            throw new InvalidArchiveException("blob '" + name + "' appears twice in the archive");
        }
        if (entry.getSize() > maxSize) {
            throw new InvalidArchiveException("blob " + digest + " is " + entry.getSize() + " bytes, more than the"
                    + " limit of " + maxSize + " (berth.agent.images.max-layer-size)");
        }
        Path file = work.resolve("blobs").resolve(digest.hex());
        MessageDigest sha256 = Digest.newSha256();
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = read(tar, buffer, name); n >= 0; n = read(tar, buffer, name)) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        Digest actual = Digest.of(sha256.digest());
        if (!actual.equals(digest)) {
            throw new InvalidArchiveException("blob " + digest + " does not match its content, whose digest is "
                    + actual);
        }
        blobs.put(digest, file);
    }

    private static String kind(TarArchiveEntry entry) {
        return entry.isSymbolicLink() ? "symlink" : entry.isLink() ? "hard link" : entry.isDirectory() ? "directory"
                : entry.isCharacterDevice() || entry.isBlockDevice() ? "device" : entry.isFIFO() ? "FIFO"
                : "special file";
    }

    private static byte[] readFully(InputStream in, String name) throws IOException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidArchiveException("truncated image archive: '" + name + "' is cut short", e);
        }
    }

    private static int read(TarArchiveInputStream tar, byte[] buffer, String name) {
        try {
            return tar.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new InvalidArchiveException("truncated image archive: '" + name + "' is cut short ("
                    + e.getMessage() + ")", e);
        }
    }

    // --- the layout -------------------------------------------------------------------------------------------

    private List<Candidate> images() {
        if (layoutFile == null) {
            throw new InvalidArchiveException("not an OCI image layout: the archive has no oci-layout file (an"
                    + " archive of docker save before Docker 25 is not supported)");
        }
        JsonNode layout = parse(layoutFile, OciLayout.LAYOUT_FILE);
        String version = layout.path("imageLayoutVersion").asString("");
        if (!version.startsWith("1.")) {
            throw new InvalidArchiveException("oci-layout gives imageLayoutVersion '" + version + "'; expected 1.x");
        }
        if (indexFile == null) {
            throw new InvalidArchiveException("not an OCI image layout: the archive has no index.json");
        }
        JsonNode index = parse(indexFile, OciLayout.INDEX_FILE);
        List<Candidate> images = new ArrayList<>();
        for (JsonNode node : index.path("manifests").values()) {
            Descriptor descriptor = descriptor(node, "index.json");
            images.add(image(resolveManifest(descriptor, 0), names(node)));
        }
        if (images.isEmpty()) {
            throw new InvalidArchiveException("index.json lists no images");
        }
        return images;
    }

    /** The image manifest a descriptor names, choosing this machine's platform from an image index. */
    private Descriptor resolveManifest(Descriptor descriptor, int depth) {
        JsonNode document = parse(document(descriptor), descriptor.digest().toString());
        String type = descriptor.mediaType() != null ? descriptor.mediaType()
                : document.has("manifests") ? OciLayout.INDEX : OciLayout.MANIFEST;
        if (type.equals(OciLayout.MANIFEST) || type.equals(OciLayout.DOCKER_MANIFEST)) {
            return descriptor;
        }
        if (!type.equals(OciLayout.INDEX) && !type.equals(OciLayout.DOCKER_MANIFEST_LIST)) {
            throw new InvalidArchiveException(descriptor.digest() + " has media type '" + type
                    + "'; expected an image manifest or index");
        }
        if (depth >= MAX_INDEX_DEPTH) {
            throw new InvalidArchiveException("image index " + descriptor.digest() + " nests indexes deeper than "
                    + MAX_INDEX_DEPTH);
        }
        String architecture = OciImageConfig.hostArchitecture();
        for (JsonNode node : document.path("manifests").values()) {
            JsonNode platform = node.path("platform");
            if (platform.path("os").asString("linux").equals("linux")
                    && platform.path("architecture").asString(architecture).equals(architecture)) {
                return resolveManifest(descriptor(node, "image index " + descriptor.digest()), depth + 1);
            }
        }
        throw new InvalidArchiveException("image index " + descriptor.digest() + " has no manifest for linux/"
                + architecture);
    }

    private Candidate image(Descriptor manifestDescriptor, List<ImageRef> names) {
        String where = "manifest " + manifestDescriptor.digest();
        JsonNode manifest = parse(document(manifestDescriptor), where);
        Descriptor configDescriptor = descriptor(manifest.path("config"), where + " (config)");
        String configType = configDescriptor.mediaType();
        if (configType != null && !configType.equals(OciLayout.CONFIG) && !configType.equals(OciLayout.DOCKER_CONFIG)) {
            throw new InvalidArchiveException(where + " has a config of media type '" + configType
                    + "', which is not an image config");
        }
        byte[] config = document(configDescriptor);
        OciImageConfig parsed;
        try {
            parsed = OciImageConfig.parse(config);
        } catch (ImageException e) {
            throw new InvalidArchiveException("config " + configDescriptor.digest() + ": " + e.getMessage(), e);
        }
        List<JsonNode> layerNodes = manifest.path("layers").valueStream().toList();
        if (layerNodes.size() != parsed.diffIds().size()) {
            throw new InvalidArchiveException(where + " lists " + layerNodes.size() + " layers, but its config "
                    + configDescriptor.digest() + " lists " + parsed.diffIds().size() + " diff ids");
        }
        if (layerNodes.isEmpty()) {
            throw new InvalidArchiveException(where + " has no layers");
        }
        List<Layer> imageLayers = new ArrayList<>();
        for (int i = 0; i < layerNodes.size(); i++) {
            Descriptor layer = descriptor(layerNodes.get(i), where + " (layer " + (i + 1) + ")");
            Layer unpackable = layer(layer);
            Digest expected = parsed.diffIds().get(i);
            if (!unpackable.diffId().equals(expected)) {
                throw new InvalidArchiveException("layer " + layer.digest() + " uncompresses to diff id "
                        + unpackable.diffId() + ", but config " + configDescriptor.digest() + " says " + expected);
            }
            imageLayers.add(unpackable);
        }
        return new Candidate(configDescriptor.digest(), config, parsed, imageLayers, names);
    }

    /** The layer's uncompressed tar: the blob itself, or decompressed next to it (once per blob). */
    private Layer layer(Descriptor descriptor) {
        String type = descriptor.mediaType();
        if (type == null || !OciLayout.LAYERS.contains(type)) {
            throw new InvalidArchiveException("layer " + descriptor.digest() + " has media type '" + type + "'; "
                    + (type != null && type.endsWith("zstd") ? "zstd-compressed layers are not supported"
                    : "Berth unpacks plain and gzip tar layers only"));
        }
        Layer known = layers.get(descriptor.digest());
        if (known != null) {
            return known;
        }
        Path blob = blob(descriptor);
        Layer layer;
        try (InputStream in = Files.newInputStream(blob)) {
            byte[] magic = in.readNBytes(2);
            if (magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                try (InputStream again = Files.newInputStream(blob)) {
                    SpooledTar tar = SpooledTar.spool(again, work.resolve(descriptor.digest().hex() + ".tar"),
                            maxSize);
                    layer = new Layer(tar.diffId(), tar.file());
                }
            } else {
                layer = new Layer(descriptor.digest(), blob);
            }
        } catch (IOException e) {
            throw new ImageException("reading layer " + descriptor.digest() + ": " + e.getMessage(), e);
        } catch (InvalidLayerException e) {
            throw new InvalidArchiveException("layer " + descriptor.digest() + ": " + e.getMessage(), e);
        }
        layers.put(descriptor.digest(), layer);
        return layer;
    }

    private Descriptor descriptor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidArchiveException(where + " has a descriptor that is not a JSON object");
        }
        String text = node.path("digest").asString("");
        Digest digest;
        try {
            digest = Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(where + " names the blob '" + text + "': " + e.getMessage(), e);
        }
        JsonNode size = node.path("size");
        if (!size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidArchiveException(where + " gives no valid size for " + digest);
        }
        JsonNode type = node.path("mediaType");
        return new Descriptor(type.isString() ? type.stringValue() : null, digest, size.asLong(), node);
    }

    /** The blob a descriptor names, checked to be there with the size the descriptor says. */
    private Path blob(Descriptor descriptor) {
        Path file = blobs.get(descriptor.digest());
        if (file == null) {
            throw new InvalidArchiveException("blob " + descriptor.digest() + " is missing from the archive");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageException("reading " + file + ": " + e.getMessage(), e);
        }
        if (size != descriptor.size()) {
            throw new InvalidArchiveException("blob " + descriptor.digest() + " has " + size + " bytes, but its"
                    + " descriptor says " + descriptor.size());
        }
        return file;
    }

    private byte[] document(Descriptor descriptor) {
        if (descriptor.size() > MAX_DOCUMENT) {
            throw new InvalidArchiveException("document " + descriptor.digest() + " is " + descriptor.size()
                    + " bytes; at most " + MAX_DOCUMENT + " are accepted");
        }
        try {
            return Files.readAllBytes(blob(descriptor));
        } catch (IOException e) {
            throw new ImageException("reading blob " + descriptor.digest() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidArchiveException(what + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidArchiveException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The name an index entry gives its image: containerd's full name if present, else {@code ref.name} when it is a
     * full name (a layout may use a bare tag there, which names no repository). Docker's implicit
     * {@code docker.io/library/} is dropped, so that Docker's {@code busybox} loads as {@code busybox}.
     */
    private static List<ImageRef> names(JsonNode descriptor) {
        JsonNode annotations = descriptor.path("annotations");
        Set<ImageRef> names = new LinkedHashSet<>();
        String name = annotations.path(OciLayout.CONTAINERD_NAME).asString("");
        if (name.isEmpty()) {
            String ref = annotations.path(OciLayout.REF_NAME).asString("");
            name = ref.contains(":") || ref.contains("/") ? ref : "";
        }
        if (!name.isEmpty()) {
            String shortened = name.startsWith("docker.io/library/") ? name.substring("docker.io/library/".length())
                    : name.startsWith("docker.io/") ? name.substring("docker.io/".length()) : name;
            try {
                names.add(ImageRef.parse(shortened));
            } catch (IllegalArgumentException e) {
                throw new InvalidArchiveException("index.json names an image '" + name + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(names);
    }
}
