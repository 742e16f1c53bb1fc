package dev.berth.registry.blob;

/**
 * Where blob content lives. The registry uses it through these roles only, so that a store of another kind (an
 * object store) can take the place of {@link FilesystemBlobStore}.
 */
public interface BlobStore extends BlobReader, BlobIngester, BlobSweeper {}
