package dev.berth.agent.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The containers of this node by id and by name, and the exit statuses of containers removed by {@code --rm}, kept
 * for a while so that a {@code wait} that arrives after the removal still gets the code.
 */
final class ContainerIndex {
    /** How long the exit status of a container removed by --rm stays available to {@code wait}. */
    static final Duration TOMBSTONE_TTL = Duration.ofMinutes(5);

    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Tombstone(ExitResult result, Instant expires) {}

    ContainerIndex(Clock clock) {
        this.clock = clock;
    }

    /** Claims a name; false if another container holds it. */
    boolean reserveName(ContainerName name, ContainerId id) {
        return idByName.putIfAbsent(name.value(), id.value()) == null;
    }

    void releaseName(ContainerName name, ContainerId id) {
        idByName.remove(name.value(), id.value());
    }

    @Nullable String holderOf(ContainerName name) {
        return idByName.get(name.value());
    }

    void add(Container container) {
        idByName.put(container.config().name().value(), container.id().value());
        byId.put(container.id().value(), container);
    }

    void remove(Container container) {
        byId.remove(container.id().value());
        releaseName(container.config().name(), container.id());
    }

    /** Keeps the exit status of a container removed by --rm, under its id and its name. */
    void bury(Container container, ExitResult result) {
        Tombstone tombstone = new Tombstone(result, clock.instant().plus(TOMBSTONE_TTL));
        tombstones.put(container.id().value(), tombstone);
        tombstones.put(container.config().name().value(), tombstone);
    }

    /** By full id, name, or unique id prefix. */
    Container get(String reference) {
        Container byExactId = byId.get(reference);
        if (byExactId != null) {
            return byExactId;
        }
        String id = idByName.get(reference);
        if (id != null && byId.containsKey(id)) {
            return byId.get(id);
        }
        List<Container> matches = reference.isEmpty() ? List.of()
                : byId.values().stream().filter(c -> c.id().value().startsWith(reference)).toList();
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.size() > 1) {
            throw new ContainerConflictException("container id prefix " + reference + " is ambiguous: "
                    + matches.size() + " containers match");
        }
        throw new NoSuchContainerException(reference);
    }

    /** The exit status of a removed container, by id, name or an id prefix of 12 or more digits. */
    @Nullable ExitResult buried(String reference) {
        Instant now = clock.instant();
        tombstones.values().removeIf(t -> t.expires().isBefore(now));
        Tombstone exact = tombstones.get(reference);
        if (exact != null) {
            return exact.result();
        }
        for (Map.Entry<String, Tombstone> entry : tombstones.entrySet()) {
            if (reference.length() >= 12 && entry.getKey().startsWith(reference)) {
                return entry.getValue().result();
            }
        }
        return null;
    }

    /** Newest first. */
    List<Container> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing((Container c) -> c.config().created()).reversed())
                .toList();
    }

    Map<String, Container> byId() {
        return byId;
    }
}
