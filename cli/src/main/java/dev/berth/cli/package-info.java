/** The berth command: it picks the verb, runs its command and turns failures into Docker's messages and exit codes. */
@NullMarked
package dev.berth.cli;

import org.jspecify.annotations.NullMarked;
