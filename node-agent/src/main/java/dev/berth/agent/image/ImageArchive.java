package dev.berth.agent.image;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Images ready to be written as one archive ({@link ImageStore#export}). Their files are open from the start, so an
 * image removed while the archive is written is still written whole. Close it when done, written or not.
 */
public interface ImageArchive extends AutoCloseable {

    /** Writes the archive as a tar stream; {@code out} is left open. */
    void writeTo(OutputStream out) throws IOException;

    @Override
    void close();
}
