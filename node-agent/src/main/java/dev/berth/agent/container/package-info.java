/**
 * Containers and their lifecycle: validated specs, the state machine, the on-disk store, and the runtime that
 * creates, starts, stops and removes them.
 */
@NullMarked
package dev.berth.agent.container;

import org.jspecify.annotations.NullMarked;
