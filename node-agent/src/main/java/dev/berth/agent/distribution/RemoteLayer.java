package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import dev.berth.agent.image.IncomingLayer;
import dev.berth.agent.image.InvalidLayerException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A layer blob in a registry, as the image store reads it: streamed, hashed on the way, and checked against the
 * manifest's digest and size before the store unpacks anything. A registry that sends more bytes than the manifest
 * says is cut off at once.
 */
final class RemoteLayer implements IncomingLayer {
    private final RegistryClient client;
    private final String repository;
    private final Descriptor blob;
    private final Digest diffId;
    private final Consumer<Progress> listener;
    private @Nullable MessageDigest sha256;
    private @Nullable ProgressReporter counted;

    RemoteLayer(RegistryClient client, String repository, Descriptor blob, Digest diffId,
                Consumer<Progress> listener) {
        this.client = client;
        this.repository = repository;
        this.blob = blob;
        this.diffId = diffId;
        this.listener = listener;
    }

    Descriptor blob() {
        return blob;
    }

    @Override
    public Digest diffId() {
        return diffId;
    }

    @Override
    public InputStream open() {
        MessageDigest digest = Digest.newSha256();
        InputStream body = new StallGuard(client.openBlob(repository, blob.digest()).body(), client.readTimeout(),
                "blob " + blob.digest() + " from " + client.registry() + "/" + repository);
        ProgressReporter reporter = new ProgressReporter(new Bounded(body, blob.size()), listener, "downloading",
                blob.digest(), blob.size());
        this.sha256 = digest;
        this.counted = reporter;
        listener.accept(Progress.bytes("downloading", blob.digest(), 0, blob.size()));
        return new DigestInputStream(reporter, digest);
    }

    @Override
    public void verify() {
        if (sha256 == null || counted == null) {
            throw new IllegalStateException("layer " + blob.digest() + " was not read");
        }
        long got = counted.count();
        Digest actual = Digest.of(sha256.digest());
        if (got != blob.size() || !actual.equals(blob.digest())) {
            throw new InvalidLayerException("layer blob " + blob.digest() + " from " + client.registry() + "/"
                    + repository + ": got " + got + " bytes with digest " + actual + ", but the manifest says "
                    + blob.size() + " bytes with digest " + blob.digest());
        }
        listener.accept(Progress.layer("extracting", blob.digest()));
    }

    /** Refuses to read past the size the manifest gives. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw new IOException("the registry sent more than the " + limit + " bytes the manifest gives");
                }
            }
            return n;
        }
    }
}
