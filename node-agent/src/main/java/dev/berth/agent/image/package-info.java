/**
 * Images on this node: a content-addressed store of layers, each unpacked once and shared as an overlay lowerdir, and
 * the image configs and tags that name them.
 */
@NullMarked
package dev.berth.agent.image;

import org.jspecify.annotations.NullMarked;
