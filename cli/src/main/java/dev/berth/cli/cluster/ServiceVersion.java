package dev.berth.cli.cluster;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@code GET …/services/{service}/versions}: one version of a service's spec and why it was made. */
public record ServiceVersion(int version, @Nullable String reason, @Nullable Instant createdAt,
                             ClusterApp.@Nullable Spec spec) {

    public String image() {
        return spec == null || spec.image() == null ? "" : spec.image();
    }
}
