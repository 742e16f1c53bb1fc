/** Garbage collection: removes blobs no manifest references, expired uploads, and files the database never knew. */
@NullMarked
package dev.berth.registry.gc;

import org.jspecify.annotations.NullMarked;
