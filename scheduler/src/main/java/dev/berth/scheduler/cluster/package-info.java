/** The nodes: registration, heartbeats, down after a grace, drain, and capacity committed optimistically against each node's version. */
@NullMarked
package dev.berth.scheduler.cluster;

import org.jspecify.annotations.NullMarked;
