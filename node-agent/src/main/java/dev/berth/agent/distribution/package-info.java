/**
 * The node's side of image distribution: pulling images from an OCI Distribution registry into the image store, and
 * pushing them back, with progress per layer. It speaks the registry's HTTP API with the JDK's own client.
 */
@NullMarked
package dev.berth.agent.distribution;

import org.jspecify.annotations.NullMarked;
