/** The scheduler: keeps apps' desired state, places their containers on node agents and keeps them placed. */
@NullMarked
package dev.berth.scheduler;

import org.jspecify.annotations.NullMarked;
