/**
 * The vocabulary of the OCI Distribution Spec as values that validate themselves when built: repository names, tags,
 * references, digests, media types and descriptors.
 */
@NullMarked
package dev.berth.registry.oci;

import org.jspecify.annotations.NullMarked;
