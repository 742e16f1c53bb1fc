/**
 * Ingestion: a batch from an agent is decoded, each stream's bytes are cut against what is already stored (replays
 * dropped, gaps recorded), packed into chunks and committed with the new stream ends, which are the acks.
 */
@NullMarked
package dev.berth.logs.ingest;

import org.jspecify.annotations.NullMarked;
