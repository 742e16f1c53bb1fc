package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing. {@code next} is the cursor for the page after it ({@code ?after=NEXT}), absent on the last
 * page. Every listing of the API pages this way, in the order of its key.
 */
public record Page<T>(List<T> items, @Nullable String next) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /** The limit asked for, checked. */
    static int limit(@Nullable Integer limit) {
        int value = limit == null ? DEFAULT_LIMIT : limit;
        if (value < 1 || value > MAX_LIMIT) {
            throw new GatewayException(Problem.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        return value;
    }

    /** A page from {@code limit + 1} rows fetched: the extra row tells whether there is a next page. */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, String> key, Function<R, T> view) {
        List<R> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        String next = rows.size() > limit ? key.apply(shown.get(shown.size() - 1)) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
