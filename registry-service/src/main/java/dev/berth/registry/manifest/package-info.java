/**
 * Manifests: parsed and checked once as they arrive, stored byte for byte with what they reference, found by tag or
 * digest, and listed as referrers of their subject.
 */
@NullMarked
package dev.berth.registry.manifest;

import org.jspecify.annotations.NullMarked;
