/**
 * How log bytes are kept in PostgreSQL: chunks of contiguous stream bytes with their arrival marks, the per-stream
 * high-water marks, and the day partitions. The layout:
 *
 * <pre>
 * schema logs
 * ├── streams            (container, stream) → tenant, app, node, end_offset (the ack), ends_line, last_ns
 * ├── gaps               offsets an agent skipped
 * ├── tenant_retention   tenant → days
 * └── chunks             PARTITION BY RANGE (first_ns)
 *     ├── chunks_20261127   [day start, next day start) in epoch nanoseconds, UTC
 *     └── chunks_20261128   one row per ≤ chunk-size bytes: offsets, first/last arrival, marks, data
 * </pre>
 */
@NullMarked
package dev.berth.logs.store;

import org.jspecify.annotations.NullMarked;
