/**
 * Blob uploads: monolithic and chunked, resumable after an interruption, with the digest checked before the blob
 * becomes visible.
 */
@NullMarked
package dev.berth.registry.upload;

import org.jspecify.annotations.NullMarked;
