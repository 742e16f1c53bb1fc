package dev.berth.agent.api;

import dev.berth.agent.container.ContainerExecs;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.Exec;
import dev.berth.agent.container.ExecRequest;
import dev.berth.agent.launch.WindowSize;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code docker exec}'s endpoints: create an exec in a running container, start it (or attach to it, see
 * {@link AttachHandler}), inspect it, resize its terminal. Waiting for an exit holds no thread: it is a future.
 */
@RestController
class ExecController {
    private final ContainerExecs execs;
    private final Scheduler runtimeScheduler;

    ExecController(ContainerRuntime runtime, AgentSchedulers schedulers) {
        this.execs = runtime.execs();
        this.runtimeScheduler = schedulers.runtime();
    }

    record Created(String id) {}

    record Exited(int exitCode) {}

    record View(String id, String containerId, boolean running, @Nullable Integer exitCode, int pid,
                List<String> cmd, boolean tty, boolean stdin) {}

    /** With {@code wait=true}: creates, runs without stdio, and answers the exit code, in one call. */
    @PostMapping("/v1/containers/{ref}/exec")
    Mono<ResponseEntity<Object>> create(@PathVariable String ref, @RequestBody ExecCreateRequest body,
                                        @RequestParam(defaultValue = "false") boolean wait) {
        if (wait) {
            return call(() -> {
                ExecRequest request = body.toRequest();
                // No stdio: nobody attaches to a one-shot, so its output is discarded and its stdin is /dev/null.
                ExecRequest detached = new ExecRequest(request.cmd(), request.env(), request.workingDir(),
                        request.user(), false, false, true);
                Exec exec = execs.create(ref, detached);
                return execs.start(exec.id());
            }).flatMap(exec -> Mono.fromFuture(exec.exit(), true))
                    .map(code -> ResponseEntity.ok(new Exited(code)));
        }
        return call(() -> ResponseEntity.status(HttpStatus.CREATED).body(new Created(execs.create(ref,
                body.toRequest()).id())));
    }

    /** For an exec nobody attaches to; {@code wait=true} answers its exit code once it has exited. */
    @PostMapping("/v1/exec/{id}/start")
    Mono<ResponseEntity<Object>> start(@PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
        Mono<Exec> started = call(() -> execs.start(id));
        if (wait) {
            return started.flatMap(exec -> Mono.fromFuture(exec.exit(), true))
                    .map(code -> ResponseEntity.ok(new Exited(code)));
        }
        return started.map(exec -> ResponseEntity.noContent().build());
    }

    @GetMapping("/v1/exec/{id}")
    Mono<View> inspect(@PathVariable String id) {
        return call(() -> {
            Exec exec = execs.get(id);
            return new View(exec.id(), exec.containerId(), exec.running(), exec.exitCode(), exec.pid(), exec.cmd(),
                    exec.request().tty(), exec.request().stdin());
        });
    }

    @PostMapping("/v1/exec/{id}/resize")
    Mono<ResponseEntity<Void>> resize(@PathVariable String id, @RequestParam int h,
                                                     @RequestParam int w) {
        return call(() -> {
            execs.resize(id, new WindowSize(h, w));
            return ResponseEntity.noContent().build();
        });
    }

    private <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(runtimeScheduler);
    }
}
