package dev.berth.gateway.route;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The registry's {@code /v2/_catalog} as a tenant sees it: only the repositories of its namespace
 * ({@code TENANT/...}), paged with the OCI distribution spec's {@code n} and {@code last}. The registry orders names
 * bytewise ({@code COLLATE "C"}), so a namespace is one run of the catalog, from just after {@code TENANT/} to the
 * first name outside it: one read of the registry answers a page, and {@code last} means the same to both.
 */
final class NamespaceCatalog {
    /** The registry cuts a page to this many names; one of them is kept to see whether more follow. */
    static final int REGISTRY_PAGE = 1000;
    static final int MAX = REGISTRY_PAGE - 1;

    /** One page of a catalog: the names in order, and whether more follow it. */
    record Page(List<String> repositories, boolean more) {}

    /** The registry's catalog: at most {@code n} names after {@code last}. */
    @FunctionalInterface
    interface Source {
        Mono<Page> page(int n, String last);
    }

    private NamespaceCatalog() {}

    /**
     * At most {@code n} (cut to {@link #MAX}) repositories of {@code namespace} after {@code last}, and whether more
     * follow. A {@code last} before the namespace starts at its beginning; one after it finds nothing.
     */
    static Mono<Page> page(Source registry, String namespace, int n, @Nullable String last) {
        if (n == 0) {
            return Mono.just(new Page(List.of(), false));
        }
        String prefix = namespace + "/";
        int size = Math.min(n, MAX);
        String after = last == null || last.compareTo(prefix) < 0 ? prefix : last;
        if (!after.startsWith(prefix)) {
            return Mono.just(new Page(List.of(), false));
        }
        return registry.page(size + 1, after).map(page -> {
            List<String> own = page.repositories().stream().takeWhile(name -> name.startsWith(prefix)).toList();
            return own.size() > size ? new Page(own.subList(0, size), true) : new Page(own, false);
        });
    }

    /** The {@code Link} header to the page after {@code page}, as the registry writes it; null on the last page. */
    static @Nullable String nextLink(Page page, int n) {
        if (!page.more()) {
            return null;
        }
        return "</v2/_catalog?n=" + Math.min(n, MAX) + "&last="
                + java.net.URLEncoder.encode(page.repositories().getLast(), java.nio.charset.StandardCharsets.UTF_8)
                + ">; rel=\"next\"";
    }
}
