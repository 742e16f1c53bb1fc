package dev.berth.logs.store;

/** A row of {@code streams}: one container stream, whose it is, and how far it is stored. */
public record StoredStream(String container, int stream, String tenant, String app, String node, long endOffset,
                          boolean endsLine, long lastNs) {}
