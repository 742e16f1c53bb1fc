package dev.berth.agent.image;

import dev.berth.agent.linux.Syscalls;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of this node, kept in a content-addressed directory:
 *
 * <pre>{@code
 * images/
 * ├── blobs/sha256/<hex>      image configs (OCI image config JSON) and layer tars (uncompressed), by digest
 * ├── layers/sha256/<hex>/    a layer unpacked once, named by its diff id (sha256 of the uncompressed tar):
 * │                           an overlay lowerdir shared by every container of every image that has the layer;
 * │                           whiteouts in overlayfs' form (device 0:0, trusted.overlay.opaque) for layers that
 * │                           sit on others (loaded, committed), none in an imported rootfs
 * ├── images.json             each image id and its layers (diff id, tar blob, unpacked size)
 * ├── repositories.json       tag -> image id
 * └── tmp/                    imports, commits and loads in progress, layers being deleted; cleared at start-up
 * }</pre>
 *
 * <p>An image id is the sha256 of its config blob. Everything under {@code blobs/} and {@code layers/} appears by an
 * atomic rename once complete, and the two JSON files are replaced atomically, so a crash at any point leaves a store
 * that start-up can read; start-up then deletes whatever no image refers to.
 *
 * <p>Concurrency: readers see an immutable {@link Catalog} snapshot without locking. Writers to the catalog take
 * one lock, briefly. Unpacking and deleting a layer happen under a lock of that layer's digest, which an import holds
 * from "is the layer there?" until its image is in the catalog, so two imports of the same tar end with one
 * directory, and a layer is never deleted under an import that is about to use it.
 *
 * <p>Importing to a tag that names another image moves the tag; the other image stays, untagged, because an import
 * cannot tell whether a container uses it. {@link #remove} by id or {@link #pruneUntagged} deletes it.
 */
public final class LocalImageStore implements ImageStore {
    private static final Logger log = LoggerFactory.getLogger(LocalImageStore.class);

    private final Path root;
    private final Path tmp;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final CatalogFiles files;
    private final LayerUnpacker rootfsUnpacker;
    private final LayerUnpacker layerUnpacker;
    private final long maxLayerSize;
    private final Clock clock;
    private final KeyedLocks<Digest> layerLocks = new KeyedLocks<>();
    private final Object writeLock = new Object();
    private volatile Catalog catalog;

    /**
     * Opens the store at {@code root}, such as {@code /var/lib/berth/agent/images}, with the system clock; see
     * {@link #LocalImageStore(Path, Syscalls, Clock)}.
     */
    public LocalImageStore(Path root, Syscalls syscalls) {
        this(root, syscalls, Clock.systemUTC());
    }

    /**
     * Opens (or creates) the store at {@code root}, which it makes mode 0700: clears {@code tmp/}, reads the catalog,
     * drops what is no longer whole (an image whose config blob or layer directory is missing, a tag of a missing
     * image), and deletes blobs and layer directories that no image uses.
     *
     * @param syscalls the kernel calls the unpacker makes (chmod, lchown, mknod)
     * @param clock what stamps an imported image's creation time
     * @throws ImageException if the store cannot be read, such as a corrupt {@code images.json}
     */
    public LocalImageStore(Path root, Syscalls syscalls, Clock clock) {
        this(root, syscalls, clock, LayerUnpacker.DEFAULT_MAX_SIZE);
    }

    /**
     * {@link #LocalImageStore(Path, Syscalls, Clock)} with a cap on one layer: more than {@code maxLayerSize} bytes of
     * uncompressed tar, or of unpacked content, is refused with {@link InvalidLayerException}.
     */
    public LocalImageStore(Path root, Syscalls syscalls, Clock clock, long maxLayerSize) {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        this.blobs = new BlobStore(this.root.resolve("blobs").resolve("sha256"), tmp);
        this.layers = new LayerStore(this.root.resolve("layers").resolve("sha256"), tmp);
        this.files = new CatalogFiles(this.root, tmp);
        this.rootfsUnpacker = new LayerUnpacker(syscalls, Whiteouts.SKIP, LayerUnpacker.Devices.SKIP, maxLayerSize);
        this.layerUnpacker = new LayerUnpacker(syscalls, new OverlayWhiteouts(syscalls),
                LayerUnpacker.Devices.REFUSE, maxLayerSize);
        this.maxLayerSize = maxLayerSize;
        this.clock = clock;
        try {
            Files.createDirectories(this.root);
            // Layers hold the images' setuid binaries (su, passwd, ...): no host user may reach them. Overlay mounts
            // are made by root, so containers are not affected.
            Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(this.root.resolve("blobs").resolve("sha256"));
            Files.createDirectories(this.root.resolve("layers").resolve("sha256"));
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new ImageException("creating the image store at " + this.root + ": " + e.getMessage(), e);
        }
        FileTrees.clear(tmp);
        this.catalog = recover();
        collectGarbage();
    }

    /** The directory the store keeps its files in. */
    public Path root() {
        return root;
    }

    @Override
    public Image importRootfs(InputStream tar, ImageRef ref, ImageConfig config) {
        Path work = newWorkDirectory("import-");
        try {
            SpooledTar spooled = SpooledTar.spool(tar, work.resolve("layer.tar"), maxLayerSize);
            RootfsCheck.check(spooled.file());
            try (KeyedLocks.Held held = layerLocks.lock(spooled.diffId())) {
                try {
                    LayerRecord layer = provideLayer(spooled, work.resolve("rootfs"), rootfsUnpacker);
                    return register(layer, config, ref);
                } catch (RuntimeException e) {
                    // Nothing of a refused or failed import stays: a layer or blob it added that no image uses goes.
                    throw leaveNothing(e, List.of(spooled.diffId()));
                }
            }
        } finally {
            deleteWorkDirectory(work);
        }
    }

    /** The layer of a spooled tar: the existing directory if there is one, else freshly unpacked. */
    private LayerRecord provideLayer(SpooledTar spooled, Path unpackTo, LayerUnpacker unpacker) {
        Digest diffId = spooled.diffId();
        long size;
        if (layers.exists(diffId)) {
            size = catalog.layer(diffId).map(LayerRecord::size).orElseGet(() -> layers.measure(diffId));
            log.debug("layer {} is already unpacked; reusing it", diffId);
        } else {
            UnpackedLayer unpacked = unpacker.unpack(spooled.file(), unpackTo);
            layers.install(diffId, unpackTo);
            size = unpacked.size();
            log.info("unpacked layer {}: {} entries, {} bytes, {} device nodes skipped (containers get their own /dev)",
                    diffId, unpacked.entries(), unpacked.size(), unpacked.skippedDevices());
        }
        if (!blobs.exists(diffId)) {
            spooled.force();
            blobs.putFile(diffId, spooled.file());
        }
        return new LayerRecord(diffId, diffId, size);
    }

    private Image register(LayerRecord layer, ImageConfig config, ImageRef ref) {
        OciImageConfig candidate = OciImageConfig.forImport(clock.instant(), config, layer.diffId());
        synchronized (writeLock) {
            Catalog current = catalog;
            Optional<ImageRecord> existing = current.sameImageAs(candidate);
            ImageRecord image;
            if (existing.isPresent()) {
                image = existing.get();
            } else {
                Digest id = blobs.putBytes(candidate.toJson());
                image = new ImageRecord(id, candidate, List.of(layer));
            }
            Catalog next = current.withImage(image).withTag(ref, image.id());
            try {
                publish(next);
            } catch (RuntimeException e) {
                if (existing.isEmpty()) {
                    blobs.delete(image.id());
                }
                throw e;
            }
            Digest previous = current.tags().get(ref);
            if (previous != null && !previous.equals(image.id()) && next.tagsOf(previous).isEmpty()) {
                log.info("tag {} moved to {}; {} is now untagged", ref, image.id(), previous);
            }
            return toImage(next, image);
        }
    }

    @Override
    public Optional<Image> find(String reference) {
        Catalog current = catalog;
        return current.resolve(reference).map(match -> toImage(current, match.image()));
    }

    @Override
    public List<Image> list() {
        Catalog current = catalog;
        return current.images().values().stream()
                .map(image -> toImage(current, image))
                .sorted(Comparator.comparing(Image::created).reversed().thenComparing(image -> image.id().hex()))
                .toList();
    }

    @Override
    public List<ImageRemoval> remove(String reference, boolean force, Predicate<Digest> inUse) {
        List<ImageRemoval> removals = new ArrayList<>();
        @Nullable ImageRecord deleted = null;
        synchronized (writeLock) {
            Catalog current = catalog;
            Catalog.Match match = current.resolve(reference).orElseThrow(() -> new NoSuchImageException(reference));
            ImageRecord image = match.image();
            @Nullable ImageRef tag = match.tag();
            List<ImageRef> tags = current.tagsOf(image.id());
            Catalog next;
            if (tag != null && tags.size() > 1) {
                next = current.withoutTag(tag);
                removals.add(ImageRemoval.untagged(tag));
            } else {
                if (tag == null && tags.size() > 1 && !force) {
                    throw new ImageHasTagsException("image " + image.id() + " has several tags " + tags
                            + "; remove them one by one, or remove the image by id with force");
                }
                if (inUse.test(image.id())) {
                    throw new ImageInUseException("image " + describe(image, tag, tags) + " is used by a container");
                }
                List<ImageRef> untagged = tag != null ? List.of(tag) : tags;
                untagged.forEach(gone -> removals.add(ImageRemoval.untagged(gone)));
                removals.add(ImageRemoval.deleted(image.id()));
                next = current.withoutImage(image.id());
                deleted = image;
            }
            publish(next);
            if (deleted != null) {
                blobs.delete(deleted.id());
            }
        }
        if (deleted != null) {
            collectLayers(deleted);
        }
        return removals;
    }

    @Override
    public List<ImageRemoval> pruneUntagged(Predicate<Digest> inUse) {
        List<ImageRecord> deleted = new ArrayList<>();
        synchronized (writeLock) {
            Catalog current = catalog;
            Catalog next = current;
            for (ImageRecord image : current.images().values()) {
                if (current.tagsOf(image.id()).isEmpty() && !inUse.test(image.id())) {
                    next = next.withoutImage(image.id());
                    deleted.add(image);
                }
            }
            if (deleted.isEmpty()) {
                return List.of();
            }
            publish(next);
            deleted.forEach(image -> blobs.delete(image.id()));
        }
        deleted.forEach(this::collectLayers);
        return deleted.stream().map(image -> ImageRemoval.deleted(image.id())).toList();
    }

    // --- commit, tag, history -------------------------------------------------------------------------------

    @Override
    public Image commit(Digest parent, LayerSource source, ImageConfig config, String createdBy, String comment,
                        @Nullable ImageRef tag) {
        if (!catalog.images().containsKey(parent)) {
            throw new NoSuchImageException(parent.toString());
        }
        Path work = newWorkDirectory("commit-");
        try {
            long started = System.nanoTime();
            SpooledTar spooled = writeLayer(source, work.resolve("layer.tar"));
            try (KeyedLocks.Held held = layerLocks.lock(spooled.diffId())) {
                try {
                    long written = System.nanoTime();
                    LayerRecord layer = provideLayer(spooled, work.resolve("rootfs"), layerUnpacker);
                    OciImageConfig.History step = new OciImageConfig.History(clock.instant(), createdBy, comment,
                            false);
                    Image image = registerOnTop(parent, layer, config, step, tag);
                    log.info("committed image {}: a layer of {} bytes of tar written in {} ms, unpacked, stored and"
                            + " registered in {} ms", image.id(), spooled.size(), (written - started) / 1_000_000,
                            (System.nanoTime() - written) / 1_000_000);
                    return image;
                } catch (RuntimeException e) {
                    throw leaveNothing(e, List.of(spooled.diffId()));
                }
            }
        } finally {
            deleteWorkDirectory(work);
        }
    }

    /** Runs {@code source} into {@code file}, hashing as it goes: the diff id without reading the tar again. */
    private SpooledTar writeLayer(LayerSource source, Path file) {
        MessageDigest sha256 = Digest.newSha256();
        long size;
        try (OutputStream disk = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
             DigestOutputStream digesting = new DigestOutputStream(new BufferedOutputStream(disk, 64 * 1024), sha256);
             CountingOutputStream counting = new CountingOutputStream(digesting, maxLayerSize)) {
            source.writeTo(counting);
            counting.flush();
            size = counting.count();
        } catch (IOException e) {
            throw new ImageException("writing a layer to " + file + ": " + e.getMessage(), e);
        }
        return new SpooledTar(file, Digest.of(sha256.digest()), size);
    }

    private Image registerOnTop(Digest parentId, LayerRecord layer, ImageConfig config, OciImageConfig.History step,
                                @Nullable ImageRef tag) {
        synchronized (writeLock) {
            Catalog current = catalog;
            ImageRecord parent = current.images().get(parentId);
            if (parent == null) {
                throw new NoSuchImageException(parentId.toString());
            }
            OciImageConfig candidate = OciImageConfig.withLayer(parent.config(), config, layer.diffId(), step);
            List<LayerRecord> layers = new ArrayList<>(parent.layers());
            layers.add(layer);
            byte[] json = candidate.toJson();
            boolean existed = blobs.exists(Digest.sha256Of(json));
            Digest id = blobs.putBytes(json);
            ImageRecord image = new ImageRecord(id, candidate, layers);
            Catalog next = current.withImage(image);
            if (tag != null) {
                next = next.withTag(tag, id);
            }
            try {
                publish(next);
            } catch (RuntimeException e) {
                if (!existed) {
                    blobs.delete(id);
                }
                throw e;
            }
            return toImage(next, image);
        }
    }

    @Override
    public Image tag(String source, ImageRef target) {
        synchronized (writeLock) {
            Catalog current = catalog;
            ImageRecord image = current.resolve(source).orElseThrow(() -> new NoSuchImageException(source)).image();
            Catalog next = current.withTag(target, image.id());
            publish(next);
            return toImage(next, image);
        }
    }

    @Override
    public List<ImageHistory.Step> history(String reference) {
        Catalog current = catalog;
        ImageRecord image = current.resolve(reference).orElseThrow(() -> new NoSuchImageException(reference))
                .image();
        return ImageHistory.of(image, current);
    }

    // --- save and load ----------------------------------------------------------------------------------------

    @Override
    public ImageArchive export(List<String> references) {
        Catalog current = catalog;
        List<OciLayoutWriter.Exported> exported = new ArrayList<>();
        for (String reference : references) {
            Catalog.Match match = current.resolve(reference).orElseThrow(() -> new NoSuchImageException(reference));
            ImageRecord image = match.image();
            exported.add(new OciLayoutWriter.Exported(image.id(), blobs.read(image.id()),
                    image.config().architecture(), image.layers().stream().map(LayerRecord::blob).toList(),
                    match.tag()));
        }
        Map<Digest, FileChannel> open = new HashMap<>();
        try {
            for (OciLayoutWriter.Exported image : exported) {
                for (Digest layer : image.layers()) {
                    if (!open.containsKey(layer)) {
                        open.put(layer, FileChannel.open(blobs.path(layer), StandardOpenOption.READ));
                    }
                }
            }
        } catch (IOException e) {
            open.values().forEach(LocalImageStore::closeQuietly);
            throw new ImageException("opening a layer blob to save: " + e.getMessage(), e);
        }
        return new OciLayoutWriter(exported, open);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }

    /**
     * Loads in three steps, so that a refusal at any point keeps nothing: the archive is read and checked in a work
     * directory; each layer not yet here is unpacked there; then, holding the locks of all its layers (in digest
     * order, so that two loads cannot deadlock), the layers are renamed into place and the images published at once.
     */
    @Override
    public List<LoadedImage> load(InputStream archive) {
        Path work = newWorkDirectory("load-");
        try {
            List<OciLayoutReader.Candidate> images = OciLayoutReader.read(archive, work.resolve("archive"),
                    maxLayerSize);
            Map<Digest, OciLayoutReader.Layer> distinct = new TreeMap<>(Comparator.comparing(Digest::hex));
            images.forEach(image -> image.layers().forEach(layer -> distinct.putIfAbsent(layer.diffId(), layer)));
            Map<Digest, UnpackedLayer> unpacked = new HashMap<>();
            for (OciLayoutReader.Layer layer : distinct.values()) {
                if (!layers.exists(layer.diffId())) {
                    unpacked.put(layer.diffId(), layerUnpacker.unpack(layer.tar(), unpackDir(work, layer.diffId())));
                }
            }
            List<KeyedLocks.Held> held = new ArrayList<>();
            try {
                distinct.keySet().forEach(diffId -> held.add(layerLocks.lock(diffId)));
                try {
                    Map<Digest, LayerRecord> records = new HashMap<>();
                    for (OciLayoutReader.Layer layer : distinct.values()) {
                        records.put(layer.diffId(), installLayer(layer, work, unpacked));
                    }
                    return registerLoaded(images, records);
                } catch (RuntimeException e) {
                    throw leaveNothing(e, distinct.keySet());
                }
            } finally {
                held.reversed().forEach(KeyedLocks.Held::close);
            }
        } finally {
            deleteWorkDirectory(work);
        }
    }

    private static Path unpackDir(Path work, Digest diffId) {
        return work.resolve("unpacked-" + diffId.hex());
    }

    /** Puts a loaded layer in place, unless an image already has it. Call with the layer's lock held. */
    private LayerRecord installLayer(OciLayoutReader.Layer layer, Path work, Map<Digest, UnpackedLayer> unpacked) {
        Digest diffId = layer.diffId();
        long size;
        if (layers.exists(diffId)) {
            size = catalog.layer(diffId).map(LayerRecord::size).orElseGet(() -> layers.measure(diffId));
        } else {
            // Unpacked before the lock was taken, or, if an image that had it was removed meanwhile, now.
            UnpackedLayer made = unpacked.get(diffId);
            if (made == null) {
                made = layerUnpacker.unpack(layer.tar(), unpackDir(work, diffId));
            }
            layers.install(diffId, unpackDir(work, diffId));
            size = made.size();
            log.info("unpacked layer {}: {} entries, {} bytes, {} whiteouts", diffId, made.entries(), made.size(),
                    made.whiteouts());
        }
        if (!blobs.exists(diffId)) {
            // The store keeps layers uncompressed, as imports and commits do; the work directory is on its filesystem.
            try (FileChannel channel = FileChannel.open(layer.tar(), StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (IOException e) {
                throw new ImageException("syncing " + layer.tar() + ": " + e.getMessage(), e);
            }
            blobs.putFile(diffId, layer.tar());
        }
        return new LayerRecord(diffId, diffId, size);
    }

    private List<LoadedImage> registerLoaded(List<OciLayoutReader.Candidate> candidates,
                                             Map<Digest, LayerRecord> records) {
        synchronized (writeLock) {
            Catalog current = catalog;
            Catalog next = current;
            List<Digest> newConfigs = new ArrayList<>();
            List<LoadedImage> loaded = new ArrayList<>();
            for (OciLayoutReader.Candidate candidate : candidates) {
                if (!next.images().containsKey(candidate.id())) {
                    if (!blobs.exists(candidate.id())) {
                        newConfigs.add(candidate.id());
                    }
                    blobs.putBytes(candidate.config());
                    List<LayerRecord> imageLayers = candidate.layers().stream()
                            .map(layer -> records.get(layer.diffId())).toList();
                    next = next.withImage(new ImageRecord(candidate.id(), candidate.parsed(), imageLayers));
                }
                for (ImageRef name : candidate.names()) {
                    next = next.withTag(name, candidate.id());
                }
                loaded.add(new LoadedImage(candidate.id(), candidate.names()));
            }
            try {
                publish(next);
            } catch (RuntimeException e) {
                newConfigs.forEach(blobs::delete);
                throw e;
            }
            return loaded;
        }
    }

    // --- images from elsewhere (pull), and what a push sends -----------------------------------------------------

    /**
     * Holds the locks of all the image's layers (in digest order, as {@link #load} does) from the first check to the
     * catalog update: a layer found here cannot be deleted under the add, and a second add of the same layer waits,
     * then finds it unpacked instead of fetching it again.
     */
    @Override
    public Image add(byte[] config, List<IncomingLayer> incoming, @Nullable ImageRef tag) {
        OciImageConfig parsed = OciImageConfig.parse(config);
        List<Digest> diffIds = incoming.stream().map(IncomingLayer::diffId).toList();
        if (!parsed.diffIds().equals(diffIds)) {
            throw new InvalidLayerException("the image config lists the layers " + parsed.diffIds() + ", but "
                    + diffIds + " were given");
        }
        Digest id = Digest.sha256Of(config);
        Set<Digest> distinct = new TreeSet<>(Comparator.comparing(Digest::hex));
        distinct.addAll(diffIds);
        Path work = newWorkDirectory("add-");
        List<KeyedLocks.Held> held = new ArrayList<>();
        try {
            distinct.forEach(diffId -> held.add(layerLocks.lock(diffId)));
            try {
                Map<Digest, LayerRecord> records = new HashMap<>();
                for (IncomingLayer layer : incoming) {
                    if (!records.containsKey(layer.diffId())) {
                        records.put(layer.diffId(), receiveLayer(layer, work));
                    }
                }
                return registerAdded(id, config, parsed, diffIds.stream().map(records::get).toList(), tag);
            } catch (RuntimeException e) {
                throw leaveNothing(e, distinct);
            }
        } finally {
            held.reversed().forEach(KeyedLocks.Held::close);
            deleteWorkDirectory(work);
        }
    }

    /** The layer here, or else read, verified, checked and unpacked. Call with the layer's lock held. */
    private LayerRecord receiveLayer(IncomingLayer layer, Path work) {
        Digest diffId = layer.diffId();
        if (layers.exists(diffId)) {
            log.debug("layer {} is already unpacked; not fetching it", diffId);
            return new LayerRecord(diffId, diffId,
                    catalog.layer(diffId).map(LayerRecord::size).orElseGet(() -> layers.measure(diffId)));
        }
        long started = System.nanoTime();
        SpooledTar spooled;
        try (InputStream blob = layer.open()) {
            try {
                spooled = SpooledTar.spool(blob, work.resolve("layer-" + diffId.hex() + ".tar"), maxLayerSize);
            } catch (InvalidLayerException e) {
                // Bytes cut short or corrupted on the way make broken gzip; say that rather than "not a tar".
                layer.verify();
                throw e;
            }
            // The end of a gzip stream may leave bytes unread (padding, another empty member), and the blob's
            // digest covers them too.
            blob.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ImageException("fetching layer " + diffId + ": " + e.getMessage(), e);
        }
        layer.verify();
        if (!spooled.diffId().equals(diffId)) {
            throw new InvalidLayerException("layer " + diffId + ": its uncompressed content has the digest "
                    + spooled.diffId() + ", not the diff id the image config gives it");
        }
        long fetched = System.nanoTime();
        LayerRecord record = provideLayer(spooled, unpackDir(work, diffId), layerUnpacker);
        log.info("layer {}: {} bytes of tar fetched and checked in {} ms, unpacked and stored in {} ms", diffId,
                spooled.size(), (fetched - started) / 1_000_000, (System.nanoTime() - fetched) / 1_000_000);
        return record;
    }

    private Image registerAdded(Digest id, byte[] config, OciImageConfig parsed, List<LayerRecord> records,
                                @Nullable ImageRef tag) {
        synchronized (writeLock) {
            Catalog current = catalog;
            boolean newConfig = !blobs.exists(id);
            ImageRecord image = current.images().get(id);
            Catalog next = current;
            if (image == null) {
                blobs.putBytes(config);
                image = new ImageRecord(id, parsed, records);
                next = next.withImage(image);
            }
            if (tag != null) {
                next = next.withTag(tag, id);
            }
            try {
                publish(next);
            } catch (RuntimeException e) {
                if (newConfig) {
                    blobs.delete(id);
                }
                throw e;
            }
            return toImage(next, image);
        }
    }

    @Override
    public boolean hasLayer(Digest diffId) {
        return layers.exists(diffId);
    }

    @Override
    public ImageContent content(String reference) {
        ImageRecord image = catalog.resolve(reference).orElseThrow(() -> new NoSuchImageException(reference))
                .image();
        byte[] config = blobs.read(image.id());
        List<ImageContent.Layer> opened = new ArrayList<>();
        try {
            for (LayerRecord layer : image.layers()) {
                FileChannel channel = FileChannel.open(blobs.path(layer.blob()), StandardOpenOption.READ);
                opened.add(new ImageContent.Layer(layer.blob(), channel.size(), channel));
            }
        } catch (IOException e) {
            opened.forEach(layer -> closeQuietly(layer.channel()));
            throw new ImageException("opening the layers of " + reference + ": " + e.getMessage(), e);
        }
        return new ImageContent(image.id(), config, image.config().architecture(), opened);
    }

    private static String describe(ImageRecord image, @Nullable ImageRef tag, List<ImageRef> tags) {
        @Nullable ImageRef name = tag != null ? tag : tags.isEmpty() ? null : tags.getFirst();
        return name == null ? image.id().toString() : name + " (" + image.id() + ")";
    }

    /** Saves a new catalog and makes it the one readers see. Call with the write lock held. */
    private void publish(Catalog next) {
        files.save(next);
        catalog = next;
    }

    /**
     * After a failed import, commit, load or add, deletes the layers and blobs it brought that no image uses, and
     * returns its failure to throw, with any failure of that cleanup attached. Call with the layers' locks held.
     */
    private RuntimeException leaveNothing(RuntimeException failure, Collection<Digest> diffIds) {
        for (Digest diffId : diffIds) {
            try {
                collectLayer(diffId, diffId);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
        return failure;
    }

    private void collectLayers(ImageRecord image) {
        for (LayerRecord layer : image.layers()) {
            try (KeyedLocks.Held held = layerLocks.lock(layer.diffId())) {
                collectLayer(layer.diffId(), layer.blob());
            }
        }
    }

    /**
     * Deletes a layer directory and its tar blob unless an image uses them. Call with the layer's lock held: an import
     * adds a use of a layer only under that lock, so the answer cannot change meanwhile.
     */
    private void collectLayer(Digest diffId, Digest blob) {
        Catalog current = catalog;
        if (!current.usesLayer(diffId) && layers.exists(diffId)) {
            layers.delete(diffId);
            log.info("deleted layer {}: no image uses it", diffId);
        }
        if (!current.usesBlob(blob)) {
            blobs.delete(blob);
        }
    }

    private Image toImage(Catalog current, ImageRecord image) {
        List<Path> lowerDirs = image.diffIds().reversed().stream().map(layers::dir).toList();
        return new Image(image.id(), current.tagsOf(image.id()), image.config().config(), image.diffIds(), lowerDirs,
                image.size(), image.config().created());
    }

    // A failure here must not hide the import's own outcome; start-up clears tmp/ anyway.
    private static void deleteWorkDirectory(Path work) {
        try {
            FileTrees.delete(work);
        } catch (RuntimeException e) {
            log.warn("could not delete {}: {}", work, e.getMessage());
        }
    }

    private Path newWorkDirectory(String prefix) {
        try {
            return Files.createTempDirectory(tmp, prefix);
        } catch (IOException e) {
            throw new ImageException("creating a work directory in " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** Reads the catalog from disk, keeping only the images whose config and layers are all there. */
    private Catalog recover() {
        CatalogFiles.Stored stored = files.load();
        Map<Digest, ImageRecord> images = new HashMap<>();
        boolean dropped = false;
        for (Map.Entry<Digest, List<LayerRecord>> entry : stored.images().entrySet()) {
            Digest id = entry.getKey();
            String missing = missingPart(id, entry.getValue());
            if (missing != null) {
                log.warn("dropping image {}: {}", id, missing);
                dropped = true;
                continue;
            }
            try {
                images.put(id, new ImageRecord(id, OciImageConfig.parse(blobs.read(id)), entry.getValue()));
            } catch (RuntimeException e) {
                log.warn("dropping image {}: {}", id, e.getMessage());
                dropped = true;
            }
        }
        Map<ImageRef, Digest> tags = new HashMap<>();
        for (Map.Entry<ImageRef, Digest> tag : stored.tags().entrySet()) {
            if (images.containsKey(tag.getValue())) {
                tags.put(tag.getKey(), tag.getValue());
            } else {
                log.warn("dropping tag {}: image {} is gone", tag.getKey(), tag.getValue());
                dropped = true;
            }
        }
        Catalog recovered = new Catalog(images, tags);
        if (dropped) {
            files.save(recovered);
        }
        return recovered;
    }

    private @Nullable String missingPart(Digest id, List<LayerRecord> imageLayers) {
        if (!blobs.exists(id)) {
            return "its config blob is missing";
        }
        for (LayerRecord layer : imageLayers) {
            if (!layers.exists(layer.diffId())) {
                return "its layer directory " + layers.dir(layer.diffId()) + " is missing";
            }
        }
        return null;
    }

    /** Deletes the blobs and layer directories no image refers to: the leftovers of a crash or an old removal. */
    private void collectGarbage() {
        Catalog current = catalog;
        for (Digest blob : blobs.list()) {
            if (!current.usesBlob(blob)) {
                log.info("deleting blob {}: no image uses it", blob);
                blobs.delete(blob);
            }
        }
        for (Digest layer : layers.list()) {
            if (!current.usesLayer(layer)) {
                log.info("deleting layer {}: no image uses it", layer);
                layers.delete(layer);
            }
        }
    }
}
