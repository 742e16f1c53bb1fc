package dev.berth.agent.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes images as an {@link OciLayout} tar. Layers go as the uncompressed tars the store keeps (their digest is their
 * diff id), configs as their stored bytes, so that a load elsewhere gives the same image ids. A blob shared by several
 * images is written once. Every entry is dated at the epoch: saving the same images twice gives the same bytes.
 */
final class OciLayoutWriter implements ImageArchive {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One image to write.
     *
     * @param config the config blob's bytes; their digest is the image id
     * @param layers the layer blobs, bottom first
     * @param name the name to give it in the archive, or null for none (saved by id)
     */
    record Exported(Digest id, byte[] config, String architecture, List<Digest> layers, @Nullable ImageRef name) {}

    private final List<Exported> images;
    private final Map<Digest, FileChannel> blobs;

    /** @param blobs each layer blob, open; closed by {@link #close()} */
    OciLayoutWriter(List<Exported> images, Map<Digest, FileChannel> blobs) {
        this.images = List.copyOf(images);
        this.blobs = Map.copyOf(blobs);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                this.out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        });
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        ObjectNode layout = JSON.createObjectNode().put("imageLayoutVersion", OciLayout.LAYOUT_VERSION);
        file(tar, OciLayout.LAYOUT_FILE, JSON.writeValueAsBytes(layout));
        directory(tar, "blobs/");
        directory(tar, OciLayout.BLOBS);

        Set<Digest> written = new HashSet<>();
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayout.INDEX);
        ArrayNode manifests = index.putArray("manifests");
        ArrayNode dockerManifest = JSON.createArrayNode();
        for (Exported image : images) {
            blob(tar, written, image.id(), image.config());
            ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayout.MANIFEST);
            descriptor(manifest.putObject("config"), OciLayout.CONFIG, image.id(), image.config().length);
            ArrayNode layers = manifest.putArray("layers");
            ObjectNode docker = dockerManifest.addObject();
            docker.put("Config", OciLayout.BLOBS + image.id().hex());
            ArrayNode repoTags = docker.putArray("RepoTags");
            ArrayNode dockerLayers = docker.putArray("Layers");
            for (Digest layer : image.layers()) {
                FileChannel channel = blobs.get(layer);
                long size = channel.size();
                if (written.add(layer)) {
                    TarArchiveEntry entry = entry(OciLayout.BLOBS + layer.hex(), TarConstants.LF_NORMAL, 0444);
                    entry.setSize(size);
                    tar.putArchiveEntry(entry);
                    channel.position(0);
                    InputStream in = Channels.newInputStream(channel);
                    long copied = in.transferTo(tar);
                    if (copied != size) {
                        throw new ImageException("layer blob " + layer + " changed while it was saved");
                    }
                    tar.closeArchiveEntry();
                }
                descriptor(layers.addObject(), OciLayout.LAYER, layer, size);
                dockerLayers.add(OciLayout.BLOBS + layer.hex());
            }
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            Digest manifestDigest = Digest.sha256Of(manifestBytes);
            blob(tar, written, manifestDigest, manifestBytes);
            ObjectNode entry = descriptor(manifests.addObject(), OciLayout.MANIFEST, manifestDigest,
                    manifestBytes.length);
            if (image.name() != null) {
                entry.putObject("annotations")
                        .put(OciLayout.CONTAINERD_NAME, image.name().toString())
                        .put(OciLayout.REF_NAME, image.name().toString());
                repoTags.add(image.name().toString());
            }
            entry.putObject("platform").put("architecture", image.architecture()).put("os", "linux");
        }
        file(tar, OciLayout.INDEX_FILE, JSON.writeValueAsBytes(index));
        file(tar, OciLayout.DOCKER_MANIFEST_FILE, JSON.writeValueAsBytes(dockerManifest));
        tar.finish();
        tar.close();
    }

    private static ObjectNode descriptor(ObjectNode node, String mediaType, Digest digest, long size) {
        return node.put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
    }

    private static void blob(TarArchiveOutputStream tar, Set<Digest> written, Digest digest, byte[] content)
            throws IOException {
        if (written.add(digest)) {
            file(tar, OciLayout.BLOBS + digest.hex(), content);
        }
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, 0444);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, TarConstants.LF_DIR, 0755));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setMode(mode);
        entry.setModTime(Instant.EPOCH.toEpochMilli());
        return entry;
    }

    @Override
    public void close() {
        for (FileChannel channel : blobs.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
