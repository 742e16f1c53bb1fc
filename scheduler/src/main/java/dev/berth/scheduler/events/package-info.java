/** A tenant's events, read from the events table in id order without gaps or repeats, for pages and streams. */
@NullMarked
package dev.berth.scheduler.events;

import org.jspecify.annotations.NullMarked;
