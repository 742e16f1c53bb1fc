package dev.berth.logs.query;

import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Turns the parameters of {@code GET /api/v1/logs} into a {@link LogQuery}, or says exactly what is wrong. */
public final class QueryParser {
    private static final Set<String> KNOWN = Set.of("tenant", "container", "app", "since", "until", "tail", "stream",
            "grep", "timestamps", "follow", "after");
    private static final int MAX_GREP = 1000;

    private final long maxTail;

    public QueryParser(long maxTail) {
        this.maxTail = maxTail;
    }

    /**
     * @param parameters each parameter's values, as the URL had them
     * @param lastEventId SSE's {@code Last-Event-ID} header: a reconnecting follower's cursor, which wins over
     *     {@code after}
     */
    public LogQuery parse(Map<String, List<String>> parameters, @Nullable String lastEventId, long nowNs) {
        try {
            return parseChecked(parameters, lastEventId, nowNs);
        } catch (IllegalArgumentException e) {
            throw new LogException(Problem.INVALID_QUERY, e.getMessage(), e);
        }
    }

    private LogQuery parseChecked(Map<String, List<String>> parameters, @Nullable String lastEventId, long nowNs) {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (!KNOWN.contains(entry.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + entry.getKey() + "'; known are "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
            if (entry.getValue().size() > 1) {
                throw new IllegalArgumentException("parameter '" + entry.getKey() + "' is given more than once");
            }
        }
        String tenant = single(parameters, "tenant");
        if (tenant == null) {
            throw new IllegalArgumentException("parameter 'tenant' is required");
        }
        Source.checkName("tenant", tenant);
        String container = single(parameters, "container");
        String app = single(parameters, "app");
        if ((container == null) == (app == null)) {
            throw new IllegalArgumentException("give exactly one of 'container' and 'app'");
        }
        if (container != null) {
            Source.checkName("container", container);
        } else {
            Source.checkName("app", app);
        }
        Set<Stream> streams = EnumSet.of(Stream.STDOUT, Stream.STDERR);
        String streamList = single(parameters, "stream");
        if (streamList != null) {
            streams = EnumSet.noneOf(Stream.class);
            for (String name : streamList.split(",", -1)) {
                streams.add(Stream.parse(name.trim()));
            }
        }
        long since = Long.MIN_VALUE;
        long until = Long.MAX_VALUE;
        String sinceText = single(parameters, "since");
        if (sinceText != null) {
            since = TimeBound.parse("since", sinceText, nowNs);
        }
        String untilText = single(parameters, "until");
        if (untilText != null) {
            until = TimeBound.parse("until", untilText, nowNs);
        }
        if (since > until) {
            throw new IllegalArgumentException("since (" + sinceText + ") is after until (" + untilText + ")");
        }
        long tail = -1;
        String tailText = single(parameters, "tail");
        if (tailText != null && !tailText.equals("all")) {
            try {
                tail = Long.parseLong(tailText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid tail '" + tailText + "': a number of lines, or all");
            }
            if (tail < 0) {
                throw new IllegalArgumentException("invalid tail " + tail + ": a number of lines, at least 0");
            }
            if (tail > maxTail) {
                throw new IllegalArgumentException("tail " + tail + " is more than the most this service gives, "
                        + maxTail + " (berth.logs.query.max-tail); use since/until or follow to read more");
            }
        }
        Pattern grep = null;
        String grepText = single(parameters, "grep");
        if (grepText != null) {
            if (grepText.length() > MAX_GREP) {
                throw new IllegalArgumentException("grep is " + grepText.length() + " characters, more than "
                        + MAX_GREP);
            }
            try {
                grep = Pattern.compile(grepText);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid grep regular expression: "
                        + e.getMessage().replace('\n', ' ').replace('\r', ' '));
            }
        }
        boolean timestamps = flag(parameters, "timestamps");
        boolean follow = flag(parameters, "follow");
        if (follow && untilText != null) {
            throw new IllegalArgumentException("until cannot be combined with follow: a follow has no end");
        }
        String afterText = lastEventId != null && !lastEventId.isEmpty() ? lastEventId : single(parameters, "after");
        Cursor after = afterText == null ? null : Cursor.parse(afterText, container);
        return new LogQuery(tenant, container, app, streams, since, until, tail, grep, timestamps, follow, after);
    }

    private static @Nullable String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static boolean flag(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null || value.equals("false") || value.equals("0")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true") || value.equals("1")) {
            return true;
        }
        throw new IllegalArgumentException("invalid " + name + " '" + value + "': true or false");
    }
}
