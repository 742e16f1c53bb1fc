/**
 * Queries: parameters checked once into a {@link dev.berth.logs.query.LogQuery}, then chunks read back stream by
 * stream, split into lines (reassembled across chunks), merged by arrival time, filtered, and followed live.
 */
@NullMarked
package dev.berth.logs.query;

import org.jspecify.annotations.NullMarked;
