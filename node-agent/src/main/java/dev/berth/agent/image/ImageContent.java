package dev.berth.agent.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * What a push of an image sends: its config blob and its layer tars, bottom first. The layer files are open from the
 * start, so an image removed meanwhile is still sent whole. Close it when done.
 *
 * @param id the image id, the digest of {@code config}
 * @param config the config blob's bytes
 * @param architecture the config's architecture, for the manifest's platform
 */
public record ImageContent(Digest id, byte[] config, String architecture, List<Layer> layers)
        implements AutoCloseable {

    public ImageContent {
        layers = List.copyOf(layers);
    }

    /**
     * A layer as stored: an uncompressed tar, whose digest is its diff id.
     *
     * @param size its length in bytes
     */
    public record Layer(Digest digest, long size, FileChannel channel) {

        /** Reads the tar from its first byte, each time it is called (a retried upload starts over). */
        public InputStream open() {
            try {
                channel.position(0);
            } catch (IOException e) {
                throw new UncheckedIOException("rewinding layer " + digest, e);
            }
            return Channels.newInputStream(channel);
        }
    }

    @Override
    public void close() {
        for (Layer layer : layers) {
            try {
                layer.channel().close();
            } catch (IOException ignored) {
                // opened read-only: nothing to lose
            }
        }
    }
}
