package dev.berth.gateway.route;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What the gateway reads of the registry itself to answer a tenant: catalog pages and the image search, which the
 * registry serves across every namespace and the gateway cuts to the caller's.
 */
final class RegistryReads implements NamespaceCatalog.Source {
    private final WebClient registry;

    /** @param registry a client of the registry, with the internal token when there is one */
    RegistryReads(WebClient registry) {
        this.registry = registry;
    }

    @Override
    public Mono<NamespaceCatalog.Page> page(int n, String last) {
        return registry.get()
                .uri(uri -> uri.path("/v2/_catalog").queryParam("n", n).queryParam("last", "{last}").build(last))
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    boolean more = response.headers().header(HttpHeaders.LINK).stream()
                            .anyMatch(link -> link.contains("rel=\"next\""));
                    return UpstreamUsage.json(response, "the registry's catalog").map(body -> {
                        List<String> names = new ArrayList<>();
                        body.path("repositories").values().forEach(name -> names.add(name.asString()));
                        return new NamespaceCatalog.Page(names, more);
                    });
                });
    }

    /** The registry's search for repositories whose name contains {@code q}: {@code {"query","repositories"}}. */
    Mono<JsonNode> search(String q, int n) {
        return registry.get()
                .uri(uri -> uri.path("/api/v1/images/search").queryParam("q", "{q}").queryParam("n", n).build(q))
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> UpstreamUsage.json(response, "the registry's search for " + q));
    }
}
