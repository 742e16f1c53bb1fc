package dev.berth.logs.query;

import dev.berth.logs.client.Stream;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A checked query. Exactly one of {@code container} and {@code app} is set; {@code tail} is -1 for all lines;
 * {@code sinceNs} and {@code untilNs} are {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} when not given.
 */
public record LogQuery(String tenant, @Nullable String container, @Nullable String app, Set<Stream> streams,
                       long sinceNs, long untilNs, long tail, @Nullable Pattern grep, boolean timestamps,
                       boolean follow, @Nullable Cursor after) {

    public boolean matchesTime(long timeNs) {
        return timeNs >= sinceNs && timeNs <= untilNs;
    }

    /** What the query reads, as its error messages name it. */
    public String target() {
        return container != null ? "container " + container : "app " + app;
    }
}
