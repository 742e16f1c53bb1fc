package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;

/** A reference to content in a manifest: what it is, its digest and its exact length. */
record Descriptor(String mediaType, Digest digest, long size) {}
