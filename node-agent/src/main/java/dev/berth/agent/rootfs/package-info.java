/**
 * A container's root filesystem: the overlay of its image's layers and its own writable layer, the kernel filesystems
 * mounted inside it, the masked paths, and the pivot into it.
 */
@NullMarked
package dev.berth.agent.rootfs;

import org.jspecify.annotations.NullMarked;
