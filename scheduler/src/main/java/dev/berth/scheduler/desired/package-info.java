/** The desired state in PostgreSQL: apps, services, their versioned specs and their replicas. */
@NullMarked
package dev.berth.scheduler.desired;

import org.jspecify.annotations.NullMarked;
