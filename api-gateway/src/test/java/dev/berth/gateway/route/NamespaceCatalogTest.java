package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class NamespaceCatalogTest {
    /** Sorted bytewise, as the registry's catalog is; acme's are one run among the others. */
    private static final List<String> REGISTRY = List.of("acme-old/web", "acme/api", "acme/db", "acme/web",
            "acme/web/cache", "acme0/x", "acmex/web", "globex/acme/web", "globex/web", "library/busybox");

    /** The registry's paging: at most n names after last, and whether more follow. */
    private final List<String> asked = new ArrayList<>();
    private final NamespaceCatalog.Source registry = (n, last) -> {
        asked.add(n + " after " + last);
        List<String> after = REGISTRY.stream().filter(name -> name.compareTo(last) > 0).toList();
        return Mono.just(new NamespaceCatalog.Page(after.subList(0, Math.min(n, after.size())), after.size() > n));
    };

    @Test
    void aTenantSeesOnlyItsNamespaceInOnePage() {
        NamespaceCatalog.Page page = page(100, null);

        assertThat(page.repositories()).containsExactly("acme/api", "acme/db", "acme/web", "acme/web/cache");
        assertThat(page.more()).isFalse();
        assertThat(asked).containsExactly("101 after acme/");
        assertThat(NamespaceCatalog.nextLink(page, 100)).isNull();
    }

    @Test
    void pagesOfNWalkTheNamespaceWithoutGapOrRepeat() {
        List<String> seen = new ArrayList<>();
        String last = null;
        NamespaceCatalog.Page page;
        do {
            page = page(1, last);
            assertThat(page.repositories()).hasSizeLessThanOrEqualTo(1);
            seen.addAll(page.repositories());
            last = page.repositories().isEmpty() ? last : page.repositories().getLast();
        } while (page.more());

        assertThat(seen).containsExactly("acme/api", "acme/db", "acme/web", "acme/web/cache");
    }

    @Test
    void theLinkLeadsToThePageAfterTheLastName() {
        NamespaceCatalog.Page page = page(2, null);

        assertThat(page.repositories()).containsExactly("acme/api", "acme/db");
        assertThat(page.more()).isTrue();
        assertThat(NamespaceCatalog.nextLink(page, 2)).isEqualTo("</v2/_catalog?n=2&last=acme%2Fdb>; rel=\"next\"");
        assertThat(page(2, "acme/db").repositories()).containsExactly("acme/web", "acme/web/cache");
        assertThat(page(2, "acme/db").more()).isFalse();
    }

    @Test
    void aLastBeforeTheNamespaceStartsAtItAndOneAfterItFindsNothing() {
        assertThat(page(10, "aaa").repositories()).first().isEqualTo("acme/api");
        assertThat(page(10, "acme-old/web").repositories()).first().isEqualTo("acme/api");

        assertThat(page(10, "globex/web").repositories()).isEmpty();
        assertThat(asked).as("nothing to ask the registry past the namespace").hasSize(2);
    }

    @Test
    void nZeroIsAnEmptyPageAndALargeNIsCutBelowTheRegistrysPage() {
        assertThat(page(0, null)).isEqualTo(new NamespaceCatalog.Page(List.of(), false));
        assertThat(asked).isEmpty();

        page(5000, null);
        assertThat(asked).containsExactly(NamespaceCatalog.REGISTRY_PAGE + " after acme/");
    }

    private NamespaceCatalog.Page page(int n, @Nullable String last) {
        return NamespaceCatalog.page(registry, "acme", n, last).block();
    }
}
