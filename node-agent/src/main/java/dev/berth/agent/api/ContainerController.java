package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.ExitResult;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.container.WaitCondition;
import dev.berth.agent.launch.WindowSize;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.network.PublishedPort;
import dev.berth.agent.shipping.LogShipper;
import dev.berth.agent.stdio.LogQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code /v1/containers}: parses, calls the runtime on its own scheduler, answers. */
@RestController
@RequestMapping("/v1/containers")
class ContainerController {
    static final MediaType MULTIPLEXED = MediaType.parseMediaType("application/vnd.berth.multiplexed-stream");
    private static final Duration STATS_WINDOW = Duration.ofMillis(250);

    private final ContainerRuntime runtime;
    private final Scheduler runtimeScheduler;
    private final LogStreamer logs;
    private final Clock clock;
    private final JsonMapper json;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
    private final LogShipper shipper;

    ContainerController(ContainerRuntime runtime, AgentSchedulers schedulers, LogStreamer logs, Clock clock,
                        JsonMapper json, LogShipper shipper) {
        this.json = json;
        this.shipper = shipper;
        this.runtime = runtime;
        this.runtimeScheduler = schedulers.runtime();
        this.logs = logs;
        this.clock = clock;
    }

    @PostMapping
    Mono<ResponseEntity<ContainerViews.Created>> create(@RequestBody CreateContainerRequest request,
                                                        @RequestParam(defaultValue = "false") boolean start) {
        return call(() -> {
            Container container = runtime.create(request.toSpec(runtime.host()));
            if (start) {
                runtime.start(container.id().value());
            }
            return ResponseEntity.status(HttpStatus.CREATED).body(new ContainerViews.Created(
                    container.id().value(), container.config().name().value(), List.of()));
        });
    }

    @PostMapping("/{ref}/start")
    Mono<ResponseEntity<Void>> start(@PathVariable String ref) {
        return call(() -> {
            runtime.start(ref);
            return ResponseEntity.noContent().build();
        });
    }

    @PostMapping("/{ref}/stop")
    Mono<ResponseEntity<Void>> stop(@PathVariable String ref, @RequestParam(defaultValue = "10") long t) {
        return call(() -> {
            runtime.stop(ref, seconds(t));
            return ResponseEntity.noContent().build();
        });
    }

    @PostMapping("/{ref}/restart")
    Mono<ResponseEntity<Void>> restart(@PathVariable String ref, @RequestParam(defaultValue = "10") long t) {
        return call(() -> {
            runtime.restart(ref, seconds(t));
            return ResponseEntity.noContent().build();
        });
    }

    @PostMapping("/{ref}/kill")
    Mono<ResponseEntity<Void>> kill(@PathVariable String ref, @RequestParam(defaultValue = "SIGKILL") String signal) {
        Signal parsed = Signal.parse(signal).orElseThrow(() -> new InvalidSpecException("signal",
                "'" + signal + "' is not a signal name or number"));
        return call(() -> {
            runtime.kill(ref, parsed);
            return ResponseEntity.noContent().build();
        });
    }

    /**
     * The headers and one space go out as soon as the wait is registered, so that a client can start the container
     * knowing it cannot miss the exit; the JSON follows at the exit (JSON allows leading whitespace).
     */
    @PostMapping("/{ref}/wait")
    Mono<ResponseEntity<Flux<DataBuffer>>> waitFor(@PathVariable String ref,
                                                   @RequestParam(defaultValue = "not-running") String condition) {
        WaitCondition parsed = WaitCondition.parse(condition);
        return call(() -> runtime.waitFor(ref, parsed)).map(exit -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(Flux.concat(Mono.fromSupplier(() -> buffers.wrap(new byte[] {' '})),
                        Mono.fromFuture(exit).map(result -> buffers.wrap(json.writeValueAsBytes(waitView(result)))))));
    }

    private static ContainerViews.Wait waitView(ExitResult result) {
        return new ContainerViews.Wait(result.exitCode(), result.oomKilled(), result.error());
    }

    @DeleteMapping("/{ref}")
    Mono<ResponseEntity<Void>> remove(@PathVariable String ref, @RequestParam(defaultValue = "false") boolean force) {
        return call(() -> {
            runtime.remove(ref, force);
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping
    Mono<List<ContainerViews.Summary>> list(@RequestParam(defaultValue = "false") boolean all) {
        return call(() -> runtime.list(all).stream().map(c -> ContainerViews.summary(c, clock)).toList());
    }

    @GetMapping("/{ref}")
    Mono<ContainerViews.Inspect> inspect(@PathVariable String ref) {
        return call(() -> {
            Container container = runtime.get(ref);
            return ContainerViews.inspect(container, runtime.launchMode(), runtime.cgroupVersion(),
                    runtime.networking().portDriver(), shipper.settings().enabled()
                            ? shipper.progress(container.id().value(), container.paths().directory()) : null);
        });
    }

    @GetMapping("/{ref}/port")
    Mono<List<PublishedPort>> ports(@PathVariable String ref) {
        return call(() -> runtime.get(ref).state().ports());
    }

    @GetMapping(value = "/{ref}/logs", produces = "application/vnd.berth.multiplexed-stream")
    Mono<ResponseEntity<Flux<DataBuffer>>> logs(@PathVariable String ref,
                                                @RequestParam(defaultValue = "false") boolean follow,
                                                @RequestParam(defaultValue = "all") String tail,
                                                @RequestParam(required = false) @Nullable String since,
                                                @RequestParam(defaultValue = "false") boolean timestamps,
                                                @RequestParam(defaultValue = "true") boolean stdout,
                                                @RequestParam(defaultValue = "true") boolean stderr,
                                                @RequestParam(defaultValue = "true") boolean stdin) {
        LogQuery query = new LogQuery(since == null ? null : sinceNanos(since, clock.instant()), tailLines(tail),
                timestamps, stdout, stderr, stdin);
        return call(() -> runtime.get(ref))
                .map(container -> ResponseEntity.ok().contentType(MULTIPLEXED)
                        .body(logs.stream(container, query, follow)));
    }

    /** The size of the container's terminal: now if it runs, else when it starts. */
    @PostMapping("/{ref}/resize")
    Mono<ResponseEntity<Void>> resize(@PathVariable String ref, @RequestParam int h, @RequestParam int w) {
        WindowSize size = new WindowSize(h, w);
        return call(() -> {
            runtime.resize(ref, size);
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping("/{ref}/stats")
    Mono<ContainerViews.Stats> stats(@PathVariable String ref) {
        return call(() -> {
            Container container = runtime.get(ref);
            var first = runtime.stats(ref);
            long start = System.nanoTime();
            Thread.sleep(STATS_WINDOW.toMillis());
            var second = runtime.stats(ref);
            double elapsed = System.nanoTime() - start;
            double percent = Math.max(0, second.cpuUsageNanos() - first.cpuUsageNanos()) / elapsed * 100.0;
            return new ContainerViews.Stats(container.id().value(), container.config().name().value(),
                    Math.round(percent * 100) / 100.0, second.cpuUsageNanos(), second.memoryUsageBytes(),
                    second.memoryLimitBytes(), second.pids(), second.pidsLimit(),
                    runtime.networkCounters(ref).orElse(null));
        });
    }

    private <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(runtimeScheduler);
    }

    private static Duration seconds(long t) {
        if (t < 0) {
            throw new InvalidSpecException("t", "the stop timeout must be zero or more seconds, got " + t);
        }
        return Duration.ofSeconds(t);
    }

    static @Nullable Integer tailLines(String tail) {
        if (tail.equals("all") || tail.isEmpty()) {
            return null;
        }
        try {
            int lines = Integer.parseInt(tail);
            // As Docker: a negative count means all of it.
            return lines < 0 ? null : lines;
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("tail", "'" + tail + "' is not \"all\" or a number of lines");
        }
    }

    /** RFC 3339, seconds since the epoch (with a fraction), or a duration ago such as 10m, 1h30m, 45s. */
    static long sinceNanos(String since, Instant now) {
        try {
            if (since.matches("\\d+(\\.\\d+)?")) {
                java.math.BigDecimal seconds = new java.math.BigDecimal(since);
                return seconds.movePointRight(9).longValue();
            }
            if (since.matches("(\\d+[hms])+")) {
                Duration ago = Duration.parse("PT" + since.toUpperCase());
                Instant instant = now.minus(ago);
                return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            }
            Instant instant = Instant.parse(since);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidSpecException("since", "'" + since
                    + "' is not an RFC 3339 time, a Unix timestamp or a duration such as 10m");
        }
    }
}
