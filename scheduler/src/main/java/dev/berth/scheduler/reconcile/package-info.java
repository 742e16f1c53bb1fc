/** The leader's loop: turns desired state and node reports into placements, moves and replacements. */
@NullMarked
package dev.berth.scheduler.reconcile;

import org.jspecify.annotations.NullMarked;
