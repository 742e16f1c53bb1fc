package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.cluster.SchedulerError;
import dev.berth.cli.http.AgentErrorException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code berth events}: the tenant's app, service and container events as the scheduler records them, one line
 * each as they happen, like {@code docker events}. A dropped connection is resumed after the last event printed, so
 * none is lost or printed twice; {@code --until} ends the stream at the first event after that time.
 */
public final class EventsCommand implements Command {

    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)(s|m|h|d)");
    private static final List<String> ATTRIBUTES = List.of("app", "service", "node", "exitCode", "oom", "health",
            "version");

    private static final CommandSpec SPEC = CommandSpec.verb("events", "[OPTIONS]",
                    "Get real time events of the tenant's apps, services and containers")
            .flags(ClusterFlags.with(
                    Flag.value("since", null, "string", "Events after this event id, time (2026-11-29T05:10:00Z)"
                            + " or relative time (10m, 2h); default: from now on"),
                    Flag.value("until", null, "string", "Stop at the first event after this time"),
                    Flag.value("app", null, "string", "Only this app's events"),
                    Flag.value("filter", 'f', "string", "Filter output: type=TYPE (create, start, die, stop,"
                            + " health_status, reschedule, destroy, update, scale, deploy, rollback, ...)"),
                    JsonFormat.FLAG))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        String since = since(args.value("since"), context.now());
        Instant until = args.value("until") == null ? null : time("until", args.value("until"), context.now());
        String type = type(args.value("filter"));
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        String[] last = {since};
        boolean connected = false;
        while (true) {
            try (InputStream stream = scheduler.events(last[0], args.value("app"), type)) {
                connected = true;
                if (!print(stream, until, json, last, context)) {
                    return 0;
                }
            } catch (SchedulerError e) {
                if (e.status() < 500) {
                    throw e;
                }
            } catch (AgentErrorException e) {
                if (e.status() < 500) {
                    throw e; // the gateway's refusal
                }
            } catch (CliException e) {
                if (!connected) {
                    throw e; // never reached: a wrong address, not a dropped connection
                }
            } catch (IOException | UncheckedIOException e) {
                // Cut off: resume after the last event printed.
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    /** Prints the stream's events until it ends (true: resume it) or one comes after {@code until} (false). */
    private static boolean print(InputStream stream, @Nullable Instant until, boolean json, String[] last,
                                 CommandContext context) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("data:")) {
                data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
            } else if (line.isEmpty() && !data.isEmpty()) {
                JsonNode event = JSON.readTree(data.toString());
                data.setLength(0);
                if (until != null && Instant.parse(event.get("time").asString()).isAfter(until)) {
                    return false;
                }
                context.out().println(json ? JSON.writeValueAsString(event) : line(event));
                context.out().flush();
                last[0] = event.get("id").asString();
            }
        }
        return true;
    }

    /** {@code 2026-11-29T05:10:00Z container die t3n.shop.web.0 (app=shop, service=web, exitCode=137, oom=true)}. */
    static String line(JsonNode event) {
        List<String> attributes = new ArrayList<>();
        for (String name : ATTRIBUTES) {
            JsonNode value = event.get(name);
            if (value != null && !value.isNull()) {
                attributes.add(name + "=" + value.asString());
            }
        }
        if (!event.path("scope").asString().equals("container") && event.hasNonNull("message")) {
            attributes.add("message=" + event.get("message").asString());
        }
        String time = Instant.parse(event.get("time").asString()).truncatedTo(ChronoUnit.SECONDS).toString();
        return time + " " + event.path("scope").asString() + " " + event.path("type").asString() + " "
                + event.path("name").asString() + (attributes.isEmpty() ? "" : " (" + String.join(", ", attributes)
                + ")");
    }

    /** An event id or an ISO-8601 time as given, or a relative time made absolute; null when not given. */
    private static @Nullable String since(@Nullable String value, Instant now) {
        if (value == null || value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return value;
        }
        return time("since", value, now).toString();
    }

    private static Instant time(String flag, String value, Instant now) {
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            return now.minus(switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + flag + " must be an event id, a time such as 2026-11-29T05:10:00Z or a"
                    + " relative time such as 10m, not '" + value + "'");
        }
    }

    private static @Nullable String type(@Nullable String filter) {
        if (filter == null) {
            return null;
        }
        if (!filter.startsWith("type=") || filter.length() == 5) {
            throw new UsageException("--filter takes type=TYPE, such as type=die; not '" + filter + "'");
        }
        return filter.substring(5);
    }
}
