package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.network.Ipv4;
import dev.berth.agent.network.Network;
import dev.berth.agent.network.NetworkAttachment;
import dev.berth.agent.network.Networks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code /v1/networks}: the default {@code bridge}, the pseudo-networks {@code host} and {@code none}, user networks. */
@RestController
@RequestMapping("/v1/networks")
class NetworkController {
    /** Docker lists these two with fixed ids of their own; Berth derives stable ones from their names. */
    private static final String HOST_ID = "686f7374".repeat(8);
    private static final String NONE_ID = "6e6f6e65".repeat(8);

    private final ContainerRuntime runtime;
    private final Networks networks;
    private final Scheduler scheduler;

    record CreateRequest(@Nullable String name, @Nullable String subnet, @Nullable String gateway) {}

    record Created(String id, String name, List<String> warnings) {}

    record Summary(String id, String name, @Nullable String driver, String scope, @Nullable String subnet,
                   @Nullable String gateway, @Nullable String bridge, @Nullable Instant created, boolean builtin,
                   int containers) {}

    record Attached(String id, String name, @Nullable Ipv4 ipAddress, @Nullable String macAddress, boolean running) {}

    record Inspect(String id, String name, @Nullable String driver, String scope, @Nullable String subnet,
                   @Nullable String gateway, @Nullable String bridge, @Nullable Instant created, boolean builtin,
                   List<Attached> containers) {}

    NetworkController(ContainerRuntime runtime, AgentSchedulers schedulers) {
        this.runtime = runtime;
        this.networks = runtime.networking().networks();
        this.scheduler = schedulers.runtime();
    }

    @PostMapping
    Mono<ResponseEntity<Created>> create(@RequestBody CreateRequest request) {
        return call(() -> {
            if (request.name() == null || request.name().isBlank()) {
                throw new IllegalArgumentException("a network needs a name");
            }
            Network network = networks.create(request.name(), request.subnet(), request.gateway());
            return ResponseEntity.status(HttpStatus.CREATED).body(new Created(network.id(), network.name(),
                    List.of()));
        });
    }

    @GetMapping
    Mono<List<Summary>> list() {
        return call(() -> {
            List<Summary> all = new ArrayList<>();
            for (Network network : networks.all()) {
                all.add(summary(network, attached(network.id()).size()));
            }
            all.add(pseudo(NetworkAttachment.HOST, HOST_ID, "host"));
            all.add(pseudo(NetworkAttachment.NONE, NONE_ID, null));
            return all;
        });
    }

    @GetMapping("/{ref}")
    Mono<Inspect> inspect(@PathVariable String ref) {
        return call(() -> {
            String mode = pseudoMode(ref);
            if (mode != null) {
                Summary s = pseudo(mode, mode.equals(NetworkAttachment.HOST) ? HOST_ID : NONE_ID,
                        mode.equals(NetworkAttachment.HOST) ? "host" : null);
                List<Attached> containers = runtime.all().stream()
                        .filter(c -> c.config().attachment().mode().equals(mode)).map(NetworkController::attached)
                        .toList();
                return new Inspect(s.id(), s.name(), s.driver(), s.scope(), null, null, null, null, true, containers);
            }
            Network network = networks.find(ref);
            Summary s = summary(network, 0);
            return new Inspect(s.id(), s.name(), s.driver(), s.scope(), s.subnet(), s.gateway(), s.bridge(),
                    s.created(), s.builtin(), attached(network.id()));
        });
    }

    @DeleteMapping("/{ref}")
    Mono<ResponseEntity<Void>> remove(@PathVariable String ref) {
        return call(() -> {
            if (pseudoMode(ref) != null) {
                throw new dev.berth.agent.network.NetworkConflictException(ref
                        + " is a pre-defined network and cannot be removed");
            }
            networks.remove(ref, network -> !attached(network.id()).isEmpty());
            return ResponseEntity.noContent().build();
        });
    }

    private static @Nullable String pseudoMode(String ref) {
        if (ref.equals(NetworkAttachment.HOST) || ref.equals(HOST_ID)) {
            return NetworkAttachment.HOST;
        }
        if (ref.equals(NetworkAttachment.NONE) || ref.equals(NONE_ID)) {
            return NetworkAttachment.NONE;
        }
        return null;
    }

    private List<Attached> attached(String networkId) {
        return runtime.all().stream().filter(c -> networkId.equals(c.config().attachment().networkId()))
                .map(NetworkController::attached).toList();
    }

    private static Attached attached(Container container) {
        NetworkAttachment attachment = container.config().attachment();
        return new Attached(container.id().value(), container.config().name().value(), attachment.address(),
                attachment.macAddress(), container.state().running());
    }

    private static Summary summary(Network network, int containers) {
        return new Summary(network.id(), network.name(), "bridge", "local", network.subnet().toString(),
                network.gateway().toString(), network.bridge(), network.created(), network.builtin(), containers);
    }

    private Summary pseudo(String name, String id, @Nullable String driver) {
        int containers = (int) runtime.all().stream().filter(c -> c.config().attachment().mode().equals(name)).count();
        return new Summary(id, name, driver, "local", null, null, null, null, true, containers);
    }

    private <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }
}
