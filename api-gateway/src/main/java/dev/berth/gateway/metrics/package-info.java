/** The gateway's meters, declared in one place. */
@NullMarked
package dev.berth.gateway.metrics;

import org.jspecify.annotations.NullMarked;
