package dev.berth.logs.ingest;

import dev.berth.logs.client.Ack;
import java.util.List;

/** What a batch did: the acks, and what was stored, dropped as already held, or recorded as skipped. */
public record IngestResult(List<Ack> acks, long storedBytes, long records, long duplicateBytes, long gaps,
                           long newestArrivalNs) {}
