/**
 * The agent's HTTP API on loopback: request and response records, handlers that parse, call the runtime off the event
 * loop, and translate errors into problem details once. Documented in {@code node-agent/docs/api.md}.
 */
@NullMarked
package dev.berth.agent.api;

import org.jspecify.annotations.NullMarked;
