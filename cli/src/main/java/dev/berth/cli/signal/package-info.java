/** Catching the signals the CLI receives so that an attached container gets them instead. */
@NullMarked
package dev.berth.cli.signal;

import org.jspecify.annotations.NullMarked;
