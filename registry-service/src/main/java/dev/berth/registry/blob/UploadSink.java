package dev.berth.registry.blob;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The end of an upload that bytes are appended to. Closing it makes what was written durable. */
public interface UploadSink extends AutoCloseable {

    void write(ByteBuffer bytes) throws IOException;

    @Override
    void close() throws IOException;
}
