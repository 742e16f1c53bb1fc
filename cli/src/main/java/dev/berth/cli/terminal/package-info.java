/** Interactive sessions: the local terminal's raw mode and size, detach keys, and the attach WebSocket's client. */
@NullMarked
package dev.berth.cli.terminal;

import org.jspecify.annotations.NullMarked;
