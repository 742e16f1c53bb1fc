package dev.berth.agent.cluster;

import dev.berth.agent.metrics.AgentMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: it registers with the scheduler, heartbeats every
 * {@link ClusterSettings#heartbeat()} with the actual state of its replicas (registering again when the scheduler
 * answers 404), and watches its assignments, handing each event to {@link Convergence}. A replica whose state, health,
 * restart count or exit code changes is reported at once (within {@link #CHANGE_CHECK}), not at the next beat: the
 * scheduler's rollouts and repairs wait on those reports, and a full heartbeat period per step would make them slow.
 *
 * <p>The watch reconnects with backoff (0.2 s doubling to 5 s) and resumes after the last revision it processed, so no
 * change is lost or applied twice. It is also reopened when it has been silent for {@code watchIdle}, and when
 * heartbeats keep showing a newer revision than the stream delivered for three heartbeats in a row: a stream that is
 * open but no longer fed (a proxy that holds it, a scheduler replica that lost its database) is then replaced.
 *
 * <pre>
 *  berth-cluster-heartbeat:  register ─▶ heartbeat ─▶ heartbeat ─▶ … (404 ─▶ register)
 *                                         │ unknown replicas ─▶ Convergence.unknown
 *                                         │ revision ahead for long ─▶ reopen the watch
 *  berth-cluster-watch:      GET …/assignments?watch=true[&amp;revision=R] ─▶ Convergence.apply, line by line
 * </pre>
 */
public final class ClusterMember implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(200);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    static final int BEHIND_BEATS = 3;
    /** How often, between heartbeats, the member looks for a change worth reporting at once. */
    static final Duration CHANGE_CHECK = Duration.ofMillis(100);

    private final ClusterSettings settings;
    private final SchedulerClient client;
    private final Convergence convergence;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Object registration = new Object();
    private volatile boolean registered;
    private volatile boolean closed;
    private volatile @Nullable Thread heartbeats;
    private volatile @Nullable Thread watcher;
    private volatile SchedulerClient.@Nullable Stream stream;
    private volatile Instant lastLine;
    private volatile @Nullable String reopenReason;
    private int behind;
    /** What the last heartbeat reported, less the messages (which change with every retry's due time). */
    private List<List<Object>> reported = List.of();
    private final FailureLog heartbeatFailures = new FailureLog();
    private final FailureLog watchFailures = new FailureLog();

    /**
     * Says a failure once, not at every retry: the first one, and each one that differs from the last, are warnings;
     * repeats are debug. A success after failures is said once too.
     */
    private static final class FailureLog {
        private @Nullable String last;

        synchronized void failed(String what, String message) {
            if (!message.equals(last)) {
                log.warn("{}: {}", what, message);
            } else {
                log.debug("{}: {}", what, message);
            }
            last = message;
        }

        synchronized void succeeded(String what) {
            if (last != null) {
                log.info("{}: working again", what);
                last = null;
            }
        }
    }

    public ClusterMember(ClusterSettings settings, SchedulerClient client, Convergence convergence, Clock clock,
                         MeterRegistry meters) {
        this.settings = settings;
        this.client = client;
        this.convergence = convergence;
        this.clock = clock;
        this.meters = meters;
        this.lastLine = clock.instant();
    }

    public void start() {
        heartbeats = Thread.ofPlatform().name("berth-cluster-heartbeat").daemon().start(this::beat);
        watcher = Thread.ofPlatform().name("berth-cluster-watch").daemon().start(this::watch);
    }

    public boolean registered() {
        return registered;
    }

    private void beat() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            Duration pause = settings.heartbeat();
            try {
                if (!registered) {
                    register();
                }
                List<Convergence.Report> reports = convergence.report();
                SchedulerClient.Ack ack = client.heartbeat(settings.nodeId(), reports, convergence.images());
                if (ack == null) {
                    count(AgentMeters.CLUSTER_HEARTBEATS, "result", "unregistered");
                    log.info("the scheduler does not know node {}; registering again", settings.nodeId());
                    registered = false;
                    continue;
                }
                count(AgentMeters.CLUSTER_HEARTBEATS, "result", "ok");
                heartbeatFailures.succeeded("heartbeats of node " + settings.nodeId());
                convergence.unknown(ack.unknown());
                checkStream(ack.revision());
                retry = FIRST_RETRY;
                reported = essentials(reports);
                awaitChange(pause);
                continue;
            } catch (RuntimeException e) {
                count(AgentMeters.CLUSTER_HEARTBEATS, "result", "failed");
                heartbeatFailures.failed("heartbeats of node " + settings.nodeId(), String.valueOf(e.getMessage()));
                pause = retry.compareTo(settings.heartbeat()) < 0 ? retry : settings.heartbeat();
                retry = retry.multipliedBy(2);
            }
            sleep(pause);
        }
    }

    /** Returns after {@code pause}, or as soon as a replica's reported state differs from the last heartbeat's. */
    private void awaitChange(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            sleep(Duration.ofNanos(Math.min(left, CHANGE_CHECK.toNanos())));
            try {
                if (!essentials(convergence.report()).equals(reported)) {
                    count(AgentMeters.CLUSTER_HEARTBEATS_EARLY, null, null);
                    return;
                }
            } catch (RuntimeException e) {
                // the next heartbeat reports whatever this could not read
            }
        }
    }

    private static List<List<Object>> essentials(List<Convergence.Report> reports) {
        List<List<Object>> essentials = new ArrayList<>(reports.size());
        for (Convergence.Report r : reports) {
            essentials.add(Arrays.asList(r.replica(), r.state(), r.health(), r.restarts(), r.exitCode(), r.oom(),
                    r.container()));
        }
        return essentials;
    }

    private void register() {
        try {
            client.register(settings);
        } catch (RuntimeException e) {
            count(AgentMeters.CLUSTER_REGISTRATIONS, "result", "failed");
            throw e;
        }
        count(AgentMeters.CLUSTER_REGISTRATIONS, "result", "ok");
        log.info("registered with {} as node {} at {}, labels {}, offering {}", client.base(), settings.nodeId(),
                settings.address(), settings.labels(), settings.capacity());
        synchronized (registration) {
            registered = true;
            registration.notifyAll();
        }
    }

    /** Reopens the stream when it has fallen behind the heartbeats for long, or has been silent too long. */
    private void checkStream(long newest) {
        if (stream == null) {
            behind = 0;
            return;
        }
        behind = newest > convergence.revision() ? behind + 1 : 0;
        if (behind >= BEHIND_BEATS) {
            behind = 0;
            reopen("behind", "the stream is at revision " + convergence.revision() + ", the node's newest is "
                    + newest);
        } else if (Duration.between(lastLine, clock.instant()).compareTo(settings.watchIdle()) > 0) {
            reopen("idle", "nothing arrived for " + settings.watchIdle());
        }
    }

    private void reopen(String reason, String why) {
        SchedulerClient.Stream open = stream;
        Thread t = watcher;
        if (open == null || t == null) {
            return;
        }
        log.info("reopening the assignment stream: {}", why);
        reopenReason = reason;
        try {
            open.close();
        } catch (IOException e) {
            // it is being dropped
        }
        // A read blocked in the client's body stream ends when its thread is interrupted.
        t.interrupt();
    }

    private void watch() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            if (!awaitRegistration()) {
                return;
            }
            String reason = "error";
            boolean delivered = false;
            try (SchedulerClient.Stream opened = client.watch(settings.nodeId(), convergence.revision())) {
                stream = opened;
                lastLine = clock.instant();
                watchFailures.succeeded("assignment stream of node " + settings.nodeId());
                String line;
                while ((line = opened.next()) != null) {
                    lastLine = clock.instant();
                    WatchEvent event;
                    try {
                        event = WatchMessages.parse(line);
                    } catch (IllegalArgumentException e) {
                        // Reading it again would fail again: it is skipped, and the stream goes on.
                        log.error("skipping an assignment message the agent cannot use: {}", e.getMessage());
                        count(AgentMeters.CLUSTER_WATCH_REJECTED, "type", "message");
                        continue;
                    }
                    if (event != null) {
                        convergence.apply(event);
                        delivered = true;
                    }
                }
                reason = "ended";
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (reopenReason == null) {
                    watchFailures.failed("assignment stream of node " + settings.nodeId(),
                            String.valueOf(e.getMessage()));
                }
            } finally {
                stream = null;
                Thread.interrupted(); // a reopen's interrupt is spent
            }
            if (closed) {
                return;
            }
            if (reopenReason != null) {
                reason = reopenReason;
                reopenReason = null;
                retry = FIRST_RETRY;
            } else if (delivered) {
                retry = FIRST_RETRY;
            }
            count(AgentMeters.CLUSTER_WATCH_RECONNECTS, "reason", reason);
            sleep(retry);
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    private boolean awaitRegistration() {
        synchronized (registration) {
            while (!registered && !closed) {
                try {
                    registration.wait(1000);
                } catch (InterruptedException e) {
                    if (closed) {
                        return false;
                    }
                }
            }
        }
        return !closed;
    }

    private void count(AgentMeters meter, @Nullable String tag, @Nullable String value) {
        Counter.Builder counter = Counter.builder(meter.meterName()).description(meter.description());
        if (tag != null && value != null) {
            counter.tag(tag, value);
        }
        counter.register(meters).increment();
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            // closing, or a reopen that came while no stream was open: the loop checks
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : new Thread[] {heartbeats, watcher}) {
            if (t != null) {
                t.interrupt();
            }
        }
        SchedulerClient.Stream open = stream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread t : new Thread[] {heartbeats, watcher}) {
            if (t != null) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
