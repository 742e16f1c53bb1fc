/** The agent's settings and the wiring of its parts. */
@NullMarked
package dev.berth.agent.config;

import org.jspecify.annotations.NullMarked;
