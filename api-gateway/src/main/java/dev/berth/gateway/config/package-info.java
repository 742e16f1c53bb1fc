/** Settings, wiring, and the bootstrap admin token. */
@NullMarked
package dev.berth.gateway.config;

import org.jspecify.annotations.NullMarked;
