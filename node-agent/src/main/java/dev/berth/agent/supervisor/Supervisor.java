package dev.berth.agent.supervisor;

import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.ProcStat;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.ProcessCalls;
import dev.berth.agent.linux.WaitStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The node's one long-lived process above the agent. It makes itself child subreaper and starts the agent as its
 * child, so that when the agent dies every container it started becomes the supervisor's child, not init's. It then
 * learns how each of them ends, which only a parent can: it records the exit ({@link ExitRecords}) before it reaps
 * the process, and the agent reads the record when it comes back. Containers the agent started while alive stay the
 * agent's children, so the supervisor never takes an exit the agent waits for.
 *
 * <p>It restarts the agent when it dies (after 0.2 s, doubling up to 5 s while the agent keeps dying young), passes
 * SIGTERM and SIGINT on to the agent and exits after it, leaving the containers running, and restarts the agent on
 * SIGHUP. It is a plain main with no framework and loads few classes, since its memory is what every container on
 * the node shares in lieu of a shim of its own (see the node agent's README). It needs only the few calls of
 * {@link ProcessCalls}.
 *
 * <p>Usage: {@code Supervisor --exit-records DIR -- /path/to/java [agent JVM arguments]}. The agent finds the
 * directory in its environment, {@value #EXIT_RECORDS_ENV}; without it, it runs unsupervised.
 */
public final class Supervisor {
    /** Set in the agent's environment: where the supervisor records exits. */
    public static final String EXIT_RECORDS_ENV = "BERTH_SUPERVISOR_EXIT_RECORDS";
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    /** An agent that ran this long before dying was not crash-looping: the next restart comes quickly again. */
    private static final long STEADY_NANOS = 10_000_000_000L;
    private static final int SIGTERM = 15;

    private final ProcessCalls sys;
    private final ExitRecords records;
    private final SpawnRequest agent;
    private final Path proc;
    private final Object lock = new Object();
    /** The agent's pid while it runs, else 0. Set under the lock together with its spawn. */
    private int agentPid;
    private long agentStarted;
    private boolean stopping;
    private boolean restartNow;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;

    /** @param proc where procfs is mounted, for the start times that name the processes in the records */
    Supervisor(ProcessCalls sys, ExitRecords records, SpawnRequest agent, Path proc) {
        this.sys = sys;
        this.records = records;
        this.agent = agent;
        this.proc = proc;
    }

    public static void main(String[] args) {
        int separator = Arrays.asList(args).indexOf("--");
        if (args.length < 4 || !"--exit-records".equals(args[0]) || separator != 2 || separator == args.length - 1
                || !args[3].startsWith("/")) {
            System.err.println("usage: Supervisor --exit-records DIR -- /absolute/path/to/java [arguments]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        List<String> command = Arrays.asList(args).subList(separator + 1, args.length);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            if (!variable.getKey().equals(EXIT_RECORDS_ENV)) {
                env.add(variable.getKey() + "=" + variable.getValue());
            }
        }
        env.add(EXIT_RECORDS_ENV + "=" + dir);
        Supervisor supervisor = new Supervisor(new LinuxSyscalls(), new ExitRecords(dir),
                new SpawnRequest(command.get(0), command, env, List.of(), false), Path.of("/proc"));
        System.exit(supervisor.run());
    }

    /** Runs until the agent has exited after SIGTERM; returns the agent's exit code. */
    int run() {
        sys.becomeChildSubreaper();
        handle("TERM", false);
        handle("INT", false);
        handle("HUP", true);
        say("supervising the node agent; exit records in " + records.directory());
        startAgent();
        while (true) {
            Optional<WaitStatus> exited = sys.waitForExitedChild();
            if (exited.isEmpty()) {
                if (awaitChildOrStop()) {
                    return 0;
                }
                continue;
            }
            WaitStatus status = exited.get();
            boolean isAgent;
            synchronized (lock) {
                isAgent = status.pid() == agentPid;
                if (isAgent) {
                    agentPid = 0;
                }
            }
            if (isAgent) {
                reap(status.pid());
                Integer code = agentExited(status);
                if (code != null) {
                    return code;
                }
            } else {
                record(status);
            }
        }
    }

    /** An orphan has exited: its exit goes to disk, flushed, before it is reaped and its pid can be reused. */
    private void record(WaitStatus status) {
        long startTime = ProcStat.startTime(proc, status.pid());
        if (startTime != 0) {
            try {
                records.write(new ExitRecord(status.pid(), startTime, status));
            } catch (RuntimeException e) {
                say("cannot record the exit of pid " + status.pid() + ": " + e.getMessage());
            }
        }
        reap(status.pid());
    }

    private void reap(int pid) {
        try {
            sys.waitpid(pid, false);
        } catch (SyscallException e) {
            say(e.getMessage());
        }
    }

    /** Decides what follows the agent's exit; returns the supervisor's own exit code when it is to stop. */
    private @Nullable Integer agentExited(WaitStatus status) {
        long delay;
        synchronized (lock) {
            if (stopping) {
                say("the node agent exited (" + describe(status) + "); stopping, containers left running");
                return status.shellExitCode();
            }
            boolean steady = System.nanoTime() - agentStarted > STEADY_NANOS;
            if (restartNow) {
                delay = 0;
                restartNow = false;
                backoffMillis = FIRST_BACKOFF_MILLIS;
            } else {
                delay = steady ? FIRST_BACKOFF_MILLIS : backoffMillis;
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, (steady ? FIRST_BACKOFF_MILLIS : backoffMillis) * 2);
            }
        }
        say("the node agent exited (" + describe(status) + "); starting it again in " + delay + " ms");
        // Anonymous classes rather than lambdas here and below: a lambda would load the JDK's method handle machinery.
        Thread restart = new Thread("berth-supervisor-restart") {
            @Override
            public void run() {
                pause(delay);
                startAgent();
            }
        };
        restart.setDaemon(true);
        restart.start();
        return null;
    }

    /** Starts the agent, trying again every few seconds while it cannot even be spawned. */
    private void startAgent() {
        while (true) {
            synchronized (lock) {
                if (stopping || agentPid != 0) {
                    return;
                }
                try {
                    agentPid = sys.posixSpawn(agent);
                    agentStarted = System.nanoTime();
                    say("started the node agent, pid " + agentPid);
                    lock.notifyAll();
                    return;
                } catch (SyscallException e) {
                    say("cannot start the node agent: " + e.getMessage());
                }
            }
            pause(MAX_BACKOFF_MILLIS);
        }
    }

    /** No child at all: the agent is between restarts. Returns true if a stop came meanwhile. */
    private boolean awaitChildOrStop() {
        synchronized (lock) {
            while (agentPid == 0 && !stopping) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return stopping && agentPid == 0;
        }
    }

    /** SIGTERM and SIGINT stop the agent and then the supervisor; SIGHUP only restarts the agent. */
    private void handle(String name, boolean restart) {
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name),
                new sun.misc.SignalHandler() {
                    @Override
                    public void handle(sun.misc.Signal signal) {
                        onSignal(name, restart);
                    }
                });
        if (previous == sun.misc.SignalHandler.SIG_IGN && !"INT".equals(name)) {
            // The JVM keeps a signal ignored that was ignored when it started (nohup does that to SIGHUP; a shell
            // without job control, to SIGINT of what it starts in the background, which matters less here).
            say("SIG" + name + " was ignored when this process started, and stays ignored");
        }
    }

    void onSignal(String name, boolean restart) {
        synchronized (lock) {
            if (restart) {
                restartNow = true;
            } else {
                stopping = true;
            }
            if (agentPid == 0) {
                if (stopping) {
                    // Between two runs of the agent: nothing to wait for. The main thread may be blocked in waitid
                    // on containers, which must be left running, so the process exits from here.
                    say("SIG" + name + ": stopping; containers left running");
                    System.exit(0);
                }
                return;
            }
            say("SIG" + name + ": stopping the node agent, pid " + agentPid);
            try {
                sys.kill(agentPid, SIGTERM);
            } catch (SyscallException e) {
                say(e.getMessage());
            }
        }
    }

    private static String describe(WaitStatus status) {
        return status.signalled() ? "signal " + status.signal() : "exit code " + status.exitCode();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String message) {
        System.err.println(utc(System.currentTimeMillis()) + " supervisor: " + message);
    }

    /**
     * {@code 2026-11-28T12:00:00.123Z}, like the agent's log lines. By hand: java.time's formatter would load some
     * sixty classes into a process that is meant to stay small.
     */
    static String utc(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long millisOfDay = Math.floorMod(epochMillis, 86_400_000L);
        // Days to a civil date (H. Hinnant's algorithm), proleptic Gregorian.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder text = new StringBuilder(24);
        text.append(year).append('-');
        two(text, month).append('-');
        two(text, day).append('T');
        two(text, millisOfDay / 3_600_000).append(':');
        two(text, millisOfDay / 60_000 % 60).append(':');
        two(text, millisOfDay / 1000 % 60).append('.');
        long millis = millisOfDay % 1000;
        return text.append(millis < 100 ? "0" : "").append(millis < 10 ? "0" : "").append(millis).append('Z')
                .toString();
    }

    private static StringBuilder two(StringBuilder text, long value) {
        return text.append(value < 10 ? "0" : "").append(value);
    }
}
