package dev.berth.cli.cluster;

import org.jspecify.annotations.Nullable;

/** What a scale, deploy or rollback did: the service's new version and its rollout state. */
public record Change(String app, String service, int version, @Nullable String reason, @Nullable String rollout) {}
