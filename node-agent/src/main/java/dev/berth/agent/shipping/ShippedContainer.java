package dev.berth.agent.shipping;

import java.nio.file.Path;

/** A container whose logs are shipped: its names in log-service and the directory its log files are in. */
public record ShippedContainer(String id, String tenant, String app, Path directory) {}
