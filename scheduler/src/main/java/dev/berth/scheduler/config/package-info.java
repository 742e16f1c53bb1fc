/** The service's settings and the wiring of its parts. */
@NullMarked
package dev.berth.scheduler.config;

import org.jspecify.annotations.NullMarked;
