package dev.berth.cli.gateway;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A tenant: its name, which is also its registry namespace, and when it was made. */
public record Tenant(String name, @Nullable Instant created) {}
