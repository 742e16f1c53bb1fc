/**
 * Black-box tests of the {@code berth} command: {@code bin/berth} runs as a separate process against a real node agent
 * that creates real containers, so they need root.
 */
@NullMarked
package dev.berth.cli.it;

import org.jspecify.annotations.NullMarked;
