package dev.berth.agent.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes written through it and refuses more than a limit, such as a committed layer that would be larger
 * than a layer may be: the writer stops there instead of filling the disk.
 */
final class CountingOutputStream extends FilterOutputStream {
    private final long limit;
    private long count;

    CountingOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        grow(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        grow(len);
        out.write(b, off, len);
    }

    private void grow(long bytes) {
        count += bytes;
        if (count > limit) {
            throw new InvalidLayerException("the layer is larger than " + limit + " bytes, the limit"
                    + " (berth.agent.images.max-layer-size)");
        }
    }
}
