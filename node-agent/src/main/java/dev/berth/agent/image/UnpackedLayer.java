package dev.berth.agent.image;

/**
 * What unpacking a layer made.
 *
 * @param size bytes of regular-file content (each hard-linked file counted once)
 * @param entries entries of the archive
 * @param skippedDevices block and character devices left out: a container gets its own {@code /dev}
 * @param whiteouts OCI whiteout entries handed to the {@link Whiteouts} policy
 */
public record UnpackedLayer(long size, int entries, int skippedDevices, int whiteouts) {}
