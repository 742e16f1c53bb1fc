/** Leader election through a PostgreSQL session-level advisory lock held on a connection of its own. */
@NullMarked
package dev.berth.scheduler.leader;

import org.jspecify.annotations.NullMarked;
