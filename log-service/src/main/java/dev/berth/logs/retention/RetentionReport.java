package dev.berth.logs.retention;

import java.util.List;

/** What a retention run removed: partitions by their day, and chunks deleted for tenants that keep less. */
public record RetentionReport(List<String> droppedPartitions, long deletedChunks, int keptPartitions) {}
