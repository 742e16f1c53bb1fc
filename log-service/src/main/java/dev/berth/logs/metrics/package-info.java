/** The service's meters, declared in one place. */
@NullMarked
package dev.berth.logs.metrics;

import org.jspecify.annotations.NullMarked;
