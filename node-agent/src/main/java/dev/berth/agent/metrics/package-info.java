/** The node agent's meters, declared in one place. */
@NullMarked
package dev.berth.agent.metrics;

import org.jspecify.annotations.NullMarked;
