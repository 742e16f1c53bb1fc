/** The registry's meters, declared in one place. */
@NullMarked
package dev.berth.registry.metrics;

import org.jspecify.annotations.NullMarked;
