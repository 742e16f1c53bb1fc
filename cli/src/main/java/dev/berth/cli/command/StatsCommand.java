package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.ContainerStats;
import dev.berth.cli.api.ContainerSummary;
import dev.berth.cli.api.NetworkCounters;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ByteSize;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.Table;
import dev.berth.cli.http.AgentErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code berth stats}: CPU, memory, network traffic and pids of running containers (or of the named ones), redrawn every second
 * until interrupted, or printed once with {@code --no-stream}. The agent measures each sample over 250 ms, so the
 * containers are sampled in parallel to keep the refresh at one second.
 */
public final class StatsCommand implements Command {

    private static final long REFRESH_MILLIS = 1000;
    private static final String CLEAR_SCREEN = "\033[2J\033[H";
    private static final int CONFLICT = 409;

    private static final CommandSpec SPEC = CommandSpec.verb("stats", "[OPTIONS] [CONTAINER...]",
                    "Display a live stream of container(s) resource usage statistics")
            .flags(Flag.bool("no-stream", null, "Disable streaming stats and only pull the first result"));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean streaming = !args.flag("no-stream");
        while (true) {
            long started = System.nanoTime();
            List<Sample> samples = sampleAll(args.arguments(), context);
            Table table = new Table("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O",
                    "PIDS");
            boolean failed = false;
            for (Sample sample : samples) {
                if (sample.row() != null) {
                    table.row(sample.row());
                } else {
                    failed = true;
                }
            }
            if (streaming) {
                context.out().print(CLEAR_SCREEN);
            }
            context.out().print(table.render());
            samples.stream().filter(sample -> sample.error() != null)
                    .forEach(sample -> context.error(sample.error()));
            context.console().flush();
            if (!streaming) {
                return failed ? 1 : 0;
            }
            pause(REFRESH_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static List<Sample> sampleAll(List<String> named, CommandContext context) {
        List<String> targets = named.isEmpty()
                ? context.containers().list(false).stream().map(ContainerSummary::id).toList()
                : named;
        List<Sample> samples = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Sample>> pending = targets.stream()
                    .map(ref -> pool.submit(() -> sample(ref, !named.isEmpty(), context)))
                    .toList();
            for (Future<Sample> future : pending) {
                samples.add(future.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CliException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while sampling containers");
        }
        return samples.stream().filter(sample -> sample.row() != null || sample.error() != null).toList();
    }

    private static Sample sample(String ref, boolean named, CommandContext context) {
        try {
            return Sample.of(row(context.containers().stats(ref)));
        } catch (AgentErrorException e) {
            if (e.status() != CONFLICT) {
                return Sample.failure(e.getMessage());
            }
            // Not running. Docker keeps a named container in the table with zeros; one from the list just left.
            return named ? Sample.of(stoppedRow(context.containers().inspect(ref))) : Sample.nothing();
        }
    }

    private static String[] row(ContainerStats stats) {
        long usage = orZero(stats.memoryUsage());
        long limit = orZero(stats.memoryLimit());
        double cpu = stats.cpuPercent() == null ? 0 : stats.cpuPercent();
        return new String[] {
            Cell.shortId(stats.id()),
            stats.name() == null ? "" : stats.name(),
            percent(cpu),
            ByteSize.binary(usage) + " / " + ByteSize.binary(limit),
            percent(limit > 0 ? usage * 100.0 / limit : 0),
            networkIo(stats.network()),
            Long.toString(orZero(stats.pids()))
        };
    }

    private static String[] stoppedRow(JsonNode container) {
        return new String[] {
            Cell.shortId(container.path("id").asString("")),
            container.path("name").asString(""),
            percent(0),
            "0B / 0B",
            percent(0),
            networkIo(null),
            "0"
        };
    }

    /**
     * Received / sent, in decimal units with three digits as Docker shows NET I/O ({@code 1.02kB / 648B}). A
     * container on {@code none} or {@code host} has no interface of its own and shows zeros, as under Docker.
     */
    private static String networkIo(@Nullable NetworkCounters network) {
        if (network == null) {
            return "0B / 0B";
        }
        return ByteSize.decimal(orZero(network.rxBytes())) + " / " + ByteSize.decimal(orZero(network.txBytes()));
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : value;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** A table row, an error to report, or nothing (a container that stopped while being listed). */
    private record Sample(String @Nullable [] row, @Nullable String error) {

        static Sample of(String[] row) {
            return new Sample(row, null);
        }

        static Sample failure(String error) {
            return new Sample(null, error);
        }

        static Sample nothing() {
            return new Sample(null, null);
        }
    }
}
