/** The HTTP surface only: parses requests, runs the blocking core on bounded schedulers, writes answers and errors. */
@NullMarked
package dev.berth.logs.api;

import org.jspecify.annotations.NullMarked;
