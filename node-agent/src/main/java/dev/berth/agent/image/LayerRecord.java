package dev.berth.agent.image;

/**
 * A layer of a stored image.
 *
 * @param diffId the sha256 of the uncompressed tar; names the unpacked directory
 * @param blob the blob that holds the tar (for an imported rootfs, the uncompressed tar itself, so the same digest)
 * @param size bytes of its regular files, unpacked
 */
record LayerRecord(Digest diffId, Digest blob, long size) {}
