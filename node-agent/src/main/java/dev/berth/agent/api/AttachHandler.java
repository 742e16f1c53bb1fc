package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerConflictException;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.ContainerState;
import dev.berth.agent.container.ContainerStatus;
import dev.berth.agent.container.Exec;
import dev.berth.agent.container.ExitResult;
import dev.berth.agent.container.InvalidSpecException;
import dev.berth.agent.container.NoSuchContainerException;
import dev.berth.agent.container.NoSuchExecException;
import dev.berth.agent.console.ConsoleInput;
import dev.berth.agent.console.ConsoleSlot;
import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.stdio.LogFrame;
import dev.berth.agent.stdio.LogQuery;
import dev.berth.agent.stdio.LogStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The attach WebSocket ({@link AttachProtocol}) of {@code /v1/containers/{ref}/attach} and
 * {@code /v1/exec/{id}/attach}.
 *
 * <p>Output is not relayed from the process: it is followed in the log files, where the process (or its terminal's
 * relay) writes it, with the reader {@code logs -f} uses. A slow client therefore never holds up the process; it
 * reads behind. Input goes the other way, one message at a time and in order, written on the I/O scheduler: a process
 * that does not read blocks that write, and through it the client's next messages, never the event loop.
 *
 * <p>A refusal after the upgrade is a close with status 4000 + the HTTP status it would have been (4404 no such
 * container or exec, 4409 not running or already started, 4400 a bad query) and the reason as text.
 */
@org.springframework.stereotype.Component
final class AttachHandler implements WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(AttachHandler.class);
    private static final int REASON_LIMIT = 120;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final LogStreamer logs;
    private final Scheduler runtimeScheduler;
    private final Scheduler io;

    AttachHandler(ContainerRuntime runtime, LogStreamer logs, AgentSchedulers schedulers) {
        this.runtime = runtime;
        this.logs = logs;
        this.runtimeScheduler = schedulers.runtime();
        this.io = schedulers.io();
    }

    /**
     * What one attach is to: its output, the exit to report after it, the console (for its size) and this client's
     * way into it (for its input, which goes to one run only).
     */
    private record Target(Flux<LogFrame> output, Supplier<ExitResult> exit, ConsoleSlot console,
                          ConsoleSlot.Attachment input, boolean takesInput) {}

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        URI uri = session.getHandshakeInfo().getUri();
        return Mono.fromCallable(() -> target(uri))
                .subscribeOn(runtimeScheduler)
                .flatMap(target -> converse(session, target))
                .onErrorResume(e -> refuse(session, e));
    }

    private Target target(URI uri) {
        String[] parts = uri.getRawPath().split("/");
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
        // ["", "v1", "containers", ref, "attach"] or ["", "v1", "exec", id, "attach"]
        if (parts.length != 5) {
            throw new InvalidSpecException("path", "not an attach path: " + uri.getRawPath());
        }
        String name = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        return parts[2].equals("exec") ? execTarget(name) : containerTarget(name, query);
    }

    private Target containerTarget(String reference, MultiValueMap<String, String> query) {
        Container container = runtime.get(reference);
        boolean stdin = flag(query, "stdin", false);
        LogQuery logQuery = LogQuery.attach(flag(query, "stdout", true), flag(query, "stderr", true),
                flag(query, "logs", false));
        // Over at the end of a run that is not over yet: the current one, or for a container that is not running,
        // the next (a client attaches, then starts it).
        ContainerState atAttach = container.state();
        Flux<LogFrame> output = logs.frames(container.id().value(), container.paths().logs(), logQuery, true,
                () -> {
                    ContainerState now = container.state();
                    return container.removed() || now.status() == ContainerStatus.EXITED && now != atAttach;
                });
        return new Target(output, container::lastExit, container.console(), container.console().attach(),
                stdin && container.config().stdio().openStdin());
    }

    /** Attaching to an exec starts it, once the agent follows its output. */
    private Target execTarget(String id) {
        Exec exec = runtime.execs().get(id);
        if (exec.started()) {
            throw new ContainerConflictException("exec " + id + " has already been started; attach before it starts");
        }
        if (exec.output() == null) {
            throw new ContainerConflictException("exec " + id + " is detached: it has no output to attach to");
        }
        Flux<LogFrame> output = logs.frames(id, exec.output(), LogQuery.attach(true, true, true), true,
                () -> exec.exit().isDone());
        try {
            runtime.execs().start(id);
        } catch (EntrypointException e) {
            // Docker's answer to a command that cannot be run: the reason on stderr, exit code 126 or 127.
            byte[] reason = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            output = Flux.concat(Mono.just(new LogFrame(LogStream.STDERR, reason, reason.length)), output);
        }
        return new Target(output, () -> new ExitResult(exec.exit().join(), false, null), exec.console(),
                exec.console().attach(),
                exec.request().stdin());
    }

    private Mono<Void> converse(WebSocketSession session, Target target) {
        Flux<WebSocketMessage> outbound = target.output()
                .map(frame -> session.binaryMessage(factory -> factory.wrap(
                        AttachProtocol.output(frame.stream().number(), frame.data(), frame.length()))))
                .concatWith(Mono.fromSupplier(() -> {
                    ExitResult exit = target.exit().get();
                    return session.binaryMessage(factory -> factory.wrap(
                            AttachProtocol.exit(exit.exitCode(), exit.oomKilled())));
                }));
        // The client closes once it has the exit message. Closing from here at once would race a proxy in between
        // (the gateway): it may pass the close on before the last message. A client that never closes is closed
        // after a grace.
        Mono<Void> send = session.send(outbound).then(Mono.delay(CLOSE_GRACE)).then();
        Mono<Void> receive = session.receive()
                .map(message -> {
                    var payload = message.getPayload();
                    byte[] bytes = new byte[payload.readableByteCount()];
                    payload.read(bytes);
                    return AttachProtocol.decode(bytes);
                })
                .concatMap(inbound -> apply(inbound, target), 1)
                .then();
        // The client leaving (detach) ends the attach; the process goes on. The close is sent outside the race, where
        // the end of the inbound side cannot cancel it before it is written.
        return Mono.firstWithSignal(send, receive).then(Mono.defer(() -> session.isOpen() ? session.close()
                : Mono.empty()));
    }

    private Mono<Void> apply(AttachProtocol.Inbound inbound, Target target) {
        return switch (inbound) {
            case AttachProtocol.Inbound.Input input -> target.takesInput()
                    ? toInput(target.input(), in -> in.write(input.data())) : Mono.empty();
            case AttachProtocol.Inbound.EndOfInput end -> target.takesInput()
                    ? toInput(target.input(), ConsoleInput::endOfInput) : Mono.empty();
            case AttachProtocol.Inbound.Resize resize ->
                    Mono.<Void>fromRunnable(() -> target.console().resize(resize.size())).subscribeOn(io);
            case AttachProtocol.Inbound.Ignored ignored -> {
                log.debug("attach: ignored a message: {}", ignored.reason());
                yield Mono.empty();
            }
        };
    }

    /** Waits (without a thread) for the run's input to exist, then writes on the I/O scheduler. */
    private Mono<Void> toInput(ConsoleSlot.Attachment attachment, java.util.function.Consumer<ConsoleInput> action) {
        return Mono.fromFuture(attachment.input(), true)
                .publishOn(io)
                .doOnNext(action)
                .onErrorResume(e -> {
                    log.debug("attach: input dropped: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static Mono<Void> refuse(WebSocketSession session, Throwable e) {
        int status = switch (e) {
            case NoSuchContainerException n -> 404;
            case NoSuchExecException n -> 404;
            case ContainerConflictException c -> 409;
            case InvalidSpecException i -> 400;
            case IllegalArgumentException i -> 400;
            default -> 500;
        };
        if (status == 500) {
            log.warn("attach {}: {}", session.getHandshakeInfo().getUri().getPath(), e.toString());
        }
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > REASON_LIMIT) {
            reason = new String(bytes, 0, REASON_LIMIT, StandardCharsets.UTF_8);
        }
        return session.close(new CloseStatus(4000 + status, reason));
    }

    private static boolean flag(MultiValueMap<String, String> query, String name, boolean otherwise) {
        String value = query.getFirst(name);
        if (value == null) {
            return otherwise;
        }
        return switch (value) {
            case "1", "true", "" -> true;
            case "0", "false" -> false;
            default -> throw new InvalidSpecException(name, "'" + value + "' is not 1, 0, true or false");
        };
    }
}
