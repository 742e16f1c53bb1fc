/** Docker's ways of showing things: padded tables, human durations and sizes, short ids, indented JSON. */
@NullMarked
package dev.berth.cli.format;

import org.jspecify.annotations.NullMarked;
