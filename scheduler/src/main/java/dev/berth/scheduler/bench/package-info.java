/** The placement benchmark: the real pipeline against simulated nodes, in memory and committed to PostgreSQL. */
@NullMarked
package dev.berth.scheduler.bench;

import org.jspecify.annotations.NullMarked;
