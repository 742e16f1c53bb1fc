/** The registry's settings and the wiring of its parts. */
@NullMarked
package dev.berth.registry.config;

import org.jspecify.annotations.NullMarked;
