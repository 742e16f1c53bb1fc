/** A Docker-style parser of verbs' flags and arguments, declared once per verb and also used for its help text. */
@NullMarked
package dev.berth.cli.args;

import org.jspecify.annotations.NullMarked;
