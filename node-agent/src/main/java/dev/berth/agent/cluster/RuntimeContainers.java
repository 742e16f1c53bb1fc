package dev.berth.agent.cluster;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerName;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.ContainerSpec;
import dev.berth.agent.container.ContainerState;
import dev.berth.agent.container.ContainerStdio;
import dev.berth.agent.container.HostCapacity;
import dev.berth.agent.container.Limits;
import dev.berth.agent.distribution.ImagePuller;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.network.Ipv4;
import dev.berth.agent.network.PortBinding;
import dev.berth.agent.network.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@link NodeContainers} over the agent's own runtime, image store and puller. */
public final class RuntimeContainers implements NodeContainers {
    private final ContainerRuntime runtime;
    private final ImageStore images;
    private final ImagePuller puller;

    public RuntimeContainers(ContainerRuntime runtime, ImageStore images, ImagePuller puller) {
        this.runtime = runtime;
        this.images = images;
        this.puller = puller;
    }

    @Override
    public List<ReplicaContainer> replicas() {
        List<ReplicaContainer> replicas = new ArrayList<>();
        for (Container container : runtime.all()) {
            if (container.removed()) {
                continue;
            }
            Map<String, String> labels = container.config().labels();
            Long replica = replicaOf(labels);
            if (replica == null) {
                continue;
            }
            Long version = number(labels.get(SPEC_VERSION));
            ContainerState state = container.state();
            var address = container.config().attachment().address();
            replicas.add(new ReplicaContainer(container.id().value(), replica, version == null ? 0
                    : version.intValue(), container.config().name().value(), state.status().apiName(),
                    state.exitCode(), state.oomKilled(), state.startedAt(), state.finishedAt(), state.error(),
                    address == null ? null : address.toString()));
        }
        return replicas;
    }

    /** The replica a container was made for, by its label; null for any other container, which is never touched. */
    static @Nullable Long replicaOf(Map<String, String> labels) {
        return number(labels.get(REPLICA));
    }

    private static @Nullable Long number(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean hasImage(String image) {
        try {
            return images.find(image).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void pull(String image) {
        puller.pull(puller.resolve(image), step -> {});
    }

    @Override
    public String create(Assignment assignment, String name) {
        return runtime.create(spec(assignment, name, runtime.host())).id().value();
    }

    /** The container of an assignment: its command, env, limits (within the host's) and ports, labelled. */
    static ContainerSpec spec(Assignment assignment, String name, HostCapacity host) {
        ReplicaSpec spec = assignment.spec();
        Map<String, String> labels = Map.of(REPLICA, Long.toString(assignment.replica()),
                SPEC_VERSION, Integer.toString(assignment.specVersion()), TENANT, assignment.tenant(),
                APP, assignment.app(), SERVICE, assignment.service(), SLOT, Integer.toString(assignment.slot()));
        Double cpus = spec.cpus() == null ? null : Math.min(spec.cpus(), host.cpus());
        Long memory = spec.memoryBytes() == null ? null : Math.min(spec.memoryBytes(), host.memoryBytes());
        List<PortBinding> ports = spec.ports().stream().filter(p -> p.host() != null)
                .map(p -> new PortBinding(Ipv4.ANY, p.host(), p.container(), Protocol.parse(p.protocol()))).toList();
        List<String> env = spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return new ContainerSpec(new ContainerName(name), spec.image(), spec.command().isEmpty() ? null
                : spec.command(), null, env, null, null, null, Limits.validate(memory, cpus, spec.pids(), host), false,
                "bridge", ports, false, ContainerStdio.none(), labels);
    }

    @Override
    public void start(String id) {
        runtime.start(id);
    }

    @Override
    public void stop(String id, Duration timeout) {
        runtime.stop(id, timeout);
    }

    @Override
    public void remove(String id) {
        runtime.remove(id, true);
    }

    /**
     * Every tag, and for {@code latest} the bare name too: the scheduler matches a spec's image by its text, and
     * {@code busybox} means {@code busybox:latest}.
     */
    @Override
    public List<String> images() {
        List<ImageRef> tags = new ArrayList<>();
        for (Image image : images.list()) {
            tags.addAll(image.tags());
        }
        return names(tags);
    }

    static List<String> names(List<ImageRef> tags) {
        Set<String> names = new LinkedHashSet<>();
        for (ImageRef tag : tags) {
            names.add(tag.toString());
            if (tag.tag().equals("latest")) {
                names.add(tag.repository());
            }
        }
        return List.copyOf(names);
    }
}
