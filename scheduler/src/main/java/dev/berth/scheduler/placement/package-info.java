/** Where a replica goes: filters that rule nodes out with a reason, scorers that rank the rest, and the placer that picks. */
@NullMarked
package dev.berth.scheduler.placement;

import org.jspecify.annotations.NullMarked;
