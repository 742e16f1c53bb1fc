package dev.berth.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process on its own thread, so that a chatty child never blocks on a full pipe,
 * and lets the test read what arrived so far while the child still runs.
 */
final class OutputCapture {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;

    OutputCapture(InputStream stream, String name) {
        reader = Thread.ofVirtual().name(name).start(() -> drain(stream));
    }

    private void drain(InputStream stream) {
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                synchronized (bytes) {
                    bytes.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The child was killed under us: what arrived until then is all there is.
        }
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits for the end of the stream, which follows the child's exit. */
    String awaitEnd() {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while reading a child's output", e));
        }
        return text();
    }
}
