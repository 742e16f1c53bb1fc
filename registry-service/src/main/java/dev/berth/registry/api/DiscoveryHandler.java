package dev.berth.registry.api;

import dev.berth.registry.manifest.Manifests;
import dev.berth.registry.manifest.Referrer;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.MediaTypes;
import dev.berth.registry.oci.RepositoryName;
import dev.berth.registry.repository.Catalog;
import dev.berth.registry.repository.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Content discovery: {@code /v2/_catalog}, {@code /v2/<name>/tags/list} and the referrers of a manifest. */
final class DiscoveryHandler {
    private final Catalog catalog;
    private final Manifests manifests;
    private final RegistrySchedulers schedulers;
    private final JsonMapper json;

    DiscoveryHandler(Catalog catalog, Manifests manifests, RegistrySchedulers schedulers, JsonMapper json) {
        this.catalog = catalog;
        this.manifests = manifests;
        this.schedulers = schedulers;
        this.json = json;
    }

    Mono<ServerResponse> catalog(ServerRequest request) {
        Pagination pagination = Pagination.of(request);
        return schedulers.io(() -> pagination.n() == 0 ? new Page<String>(List.of(), false)
                        : catalog.repositories(pagination.n(), pagination.last()))
                .flatMap(page -> json(pagination.nextLink("/v2/_catalog", page),
                        Map.of("repositories", page.items())));
    }

    Mono<ServerResponse> tags(ServerRequest request, RepositoryName name) {
        Pagination pagination = Pagination.of(request);
        return schedulers.io(() -> catalog.tags(name, pagination.n(), pagination.last()))
                .flatMap(page -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", name.value());
                    body.put("tags", page.items());
                    return json(pagination.n() == 0 ? null : pagination.nextLink("/v2/" + name + "/tags/list", page),
                            body);
                });
    }

    Mono<ServerResponse> referrers(ServerRequest request, RepositoryName name, String digestText) {
        Digest subject = Digest.parse(digestText);
        @Nullable String artifactType = request.queryParam("artifactType").filter(s -> !s.isEmpty()).orElse(null);
        return schedulers.io(() -> manifests.referrers(name, subject, artifactType)).flatMap(referrers -> {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            index.put("manifests", referrers.stream().map(DiscoveryHandler::descriptor).toList());
            ServerResponse.BodyBuilder response = ServerResponse.ok()
                    .contentType(MediaType.parseMediaType(MediaTypes.OCI_INDEX));
            if (artifactType != null) {
                response.header("OCI-Filters-Applied", "artifactType");
            }
            return response.bodyValue(json.writeValueAsBytes(index));
        });
    }

    private static Map<String, Object> descriptor(Referrer referrer) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", referrer.mediaType());
        descriptor.put("digest", referrer.digest().toString());
        descriptor.put("size", referrer.size());
        if (referrer.artifactType() != null) {
            descriptor.put("artifactType", referrer.artifactType());
        }
        if (!referrer.annotations().isEmpty()) {
            descriptor.put("annotations", referrer.annotations());
        }
        return descriptor;
    }

    private Mono<ServerResponse> json(@Nullable String link, Map<String, ?> body) {
        ServerResponse.BodyBuilder response = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
        if (link != null) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.bodyValue(json.writeValueAsBytes(body));
    }
}
