/**
 * Blobs: immutable content by digest in a {@link dev.berth.registry.blob.BlobStore}, and which repositories hold
 * which blobs, in the database.
 */
@NullMarked
package dev.berth.registry.blob;

import org.jspecify.annotations.NullMarked;
