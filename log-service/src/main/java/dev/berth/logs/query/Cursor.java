package dev.berth.logs.query;

import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A position in a query's output: for each stream, the offset up to which its lines were delivered. It is what a line's
 * {@code id} says, and what {@code after=} or SSE's {@code Last-Event-ID} resume from, so a follower that comes back
 * gets every line after it once, whatever was committed in between and in whatever order. Written
 * {@code o=120,e=0} for one container (o, e, i: stdout, stderr, stdin), {@code web-1/o=120,web-2/o=9} for an app.
 */
public record Cursor(Map<StreamKey, Long> offsets) {

    public Cursor {
        offsets = Map.copyOf(offsets);
    }

    public long offsetOf(StreamKey key) {
        return offsets.getOrDefault(key, 0L);
    }

    /** Writes the cursor; {@code container} is the query's container, left out of the text, or null for an app. */
    public static String encode(Map<StreamKey, Long> offsets, @Nullable String container) {
        StringBuilder out = new StringBuilder(24);
        for (Map.Entry<StreamKey, Long> entry : (offsets instanceof TreeMap<StreamKey, Long> sorted ? sorted
                : new TreeMap<>(offsets)).entrySet()) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            if (container == null) {
                out.append(entry.getKey().container()).append('/');
            }
            out.append(entry.getKey().stream().letter()).append('=').append(entry.getValue());
        }
        return out.toString();
    }

    /** Reads a cursor written by {@link #encode}; for a container query, {@code container} is the query's. */
    public static Cursor parse(String text, @Nullable String container) {
        Map<StreamKey, Long> offsets = new TreeMap<>();
        if (text.isEmpty() || text.length() > 64 * 1024) {
            throw invalid(text, "it is empty or too long");
        }
        for (String part : text.split(",", -1)) {
            String owner = container;
            String position = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                owner = part.substring(0, slash);
                position = part.substring(slash + 1);
                try {
                    Source.checkName("container", owner);
                } catch (IllegalArgumentException e) {
                    throw invalid(text, e.getMessage());
                }
            }
            if (owner == null) {
                throw invalid(text, "an app's cursor names the container of each position, as container/o=N");
            }
            if (position.length() < 3 || position.charAt(1) != '=') {
                throw invalid(text, "'" + part + "' is not of the form o=N, e=N or i=N");
            }
            Stream stream;
            long offset;
            try {
                stream = Stream.ofLetter(position.charAt(0));
                offset = Long.parseLong(position.substring(2));
            } catch (IllegalArgumentException e) {
                throw invalid(text, "'" + part + "' is not of the form o=N, e=N or i=N");
            }
            if (offset < 0) {
                throw invalid(text, "offsets are not negative");
            }
            offsets.put(new StreamKey(owner, stream), offset);
        }
        return new Cursor(offsets);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new IllegalArgumentException("invalid cursor '" + shown + "' (after= or Last-Event-ID): " + why
                + "; use the id of a line as this service wrote it");
    }
}
