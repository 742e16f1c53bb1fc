/** The meters the scheduler publishes. */
@NullMarked
package dev.berth.scheduler.metrics;

import org.jspecify.annotations.NullMarked;
