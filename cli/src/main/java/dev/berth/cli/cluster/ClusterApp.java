package dev.berth.cli.cluster;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/apps[/{app}]}: an app and its services, each at its current version. */
public record ClusterApp(String name, @Nullable Instant createdAt, List<Service> services) {

    public ClusterApp {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /**
     * @param rollout none, progressing (towards {@code version}), done or rolled-back
     * @param replicas desired; {@code running} of them are available on nodes, {@code pending} wait for one
     * @param spec the version's spec in the scheduler's stored form
     */
    public record Service(String name, int version, @Nullable Spec spec, @Nullable String rollout,
                          @Nullable String rolloutMessage, int replicas, int running, int pending) {

        public String image() {
            return spec == null || spec.image() == null ? "" : spec.image();
        }
    }

    /** The parts of a stored spec the tables show; the rest is in {@code app inspect}. */
    public record Spec(@Nullable String image, @Nullable Integer replicas) {}

    public int replicas() {
        return services.stream().mapToInt(Service::replicas).sum();
    }

    public int running() {
        return services.stream().mapToInt(Service::running).sum();
    }

    public @Nullable Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
