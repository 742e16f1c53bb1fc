package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.repository.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The spec's {@code n} and {@code last} query parameters, and the {@code Link} header to the next page. */
record Pagination(int n, @Nullable String last) {
    /** Without {@code n} a page holds this many; a larger {@code n} is cut to it, and the Link leads on. */
    static final int MAX = 1000;

    static Pagination of(ServerRequest request) {
        Optional<String> n = request.queryParam("n");
        int count = MAX;
        if (n.isPresent()) {
            try {
                count = Integer.parseInt(n.get());
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a number of results,"
                        + " 0 or more, not '" + n.get() + "'");
            }
        }
        return new Pagination(Math.min(count, MAX), request.queryParam("last").filter(s -> !s.isEmpty())
                .orElse(null));
    }

    /** {@code <path?n=..&last=..>; rel="next"} when more follow, else null. */
    @Nullable String nextLink(String path, Page<String> page) {
        if (!page.more() || page.items().isEmpty()) {
            return null;
        }
        String last = page.items().getLast();
        return "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"";
    }
}
