package dev.berth.agent.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A node's replica containers in memory, recording every call convergence makes. */
final class FakeContainers implements NodeContainers {
    final Map<String, ReplicaContainer> containers = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final Set<String> images = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private int next;
    volatile RuntimeException failCreate;

    FakeContainers(Clock clock) {
        this.clock = clock;
        images.add("busybox");
    }

    /** A container that was already there, as after an agent restart. */
    synchronized ReplicaContainer add(long replica, int version, String state) {
        String id = "c" + (++next);
        ReplicaContainer c = new ReplicaContainer(id, replica, version, "acme.shop.web." + (replica % 10) + "-" + id,
                state, state.equals("exited") ? 0 : null, false, clock.instant(), state.equals("exited") ? clock.instant()
                : null, null, "10.57.0." + next);
        containers.put(id, c);
        return c;
    }

    /** The container's process ends, as a crash or a kill would. */
    synchronized void exit(String id, int code, Instant startedAt) {
        ReplicaContainer c = containers.get(id);
        containers.put(id, new ReplicaContainer(id, c.replica(), c.specVersion(), c.name(), "exited", code, false,
                startedAt, clock.instant(), null, c.address()));
    }

    /** The kernel's OOM killer ends the container's process. */
    synchronized void oomKill(String id, Instant startedAt) {
        ReplicaContainer c = containers.get(id);
        containers.put(id, new ReplicaContainer(id, c.replica(), c.specVersion(), c.name(), "exited", 137, true,
                startedAt, clock.instant(), null, c.address()));
    }

    synchronized ReplicaContainer only(long replica) {
        List<ReplicaContainer> of = containers.values().stream().filter(c -> c.replica() == replica).toList();
        if (of.size() != 1) {
            throw new AssertionError("replica " + replica + " has " + of.size() + " containers: " + of);
        }
        return of.getFirst();
    }

    @Override
    public synchronized List<ReplicaContainer> replicas() {
        return List.copyOf(containers.values());
    }

    @Override
    public boolean hasImage(String image) {
        return images.contains(image);
    }

    @Override
    public synchronized void pull(String image) {
        calls.add("pull " + image);
        images.add(image);
    }

    @Override
    public synchronized String create(Assignment assignment, String name) {
        calls.add("create " + name + " v" + assignment.specVersion());
        if (failCreate != null) {
            throw failCreate;
        }
        String id = "c" + (++next);
        containers.put(id, new ReplicaContainer(id, assignment.replica(), assignment.specVersion(), name, "created",
                null, false, null, null, null, "10.57.0." + next));
        return id;
    }

    @Override
    public synchronized void start(String id) {
        ReplicaContainer c = containers.get(id);
        calls.add("start " + c.name());
        containers.put(id, new ReplicaContainer(id, c.replica(), c.specVersion(), c.name(), "running", null,
                false, clock.instant(), null, null, c.address()));
    }

    @Override
    public synchronized void stop(String id, Duration timeout) {
        ReplicaContainer c = containers.get(id);
        calls.add("stop " + c.name());
        containers.put(id, new ReplicaContainer(id, c.replica(), c.specVersion(), c.name(), "exited", 143,
                false, c.startedAt(), clock.instant(), null, c.address()));
    }

    @Override
    public synchronized void remove(String id) {
        calls.add("remove " + containers.get(id).name());
        containers.remove(id);
    }

    @Override
    public List<String> images() {
        return List.copyOf(images);
    }
}
