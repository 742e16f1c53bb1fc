/** One class per verb, each translating its parsed arguments into calls to the node agent and Docker-like output. */
@NullMarked
package dev.berth.cli.command;

import org.jspecify.annotations.NullMarked;
