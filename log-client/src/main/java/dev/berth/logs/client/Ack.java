package dev.berth.logs.client;

/** The end offset of a container's stream that log-service holds committed: the shipper may forget bytes below it. */
public record Ack(String container, Stream stream, long end) {}
