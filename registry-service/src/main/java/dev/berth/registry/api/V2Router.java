package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Sends each request under {@code /v2/} to its handler by {@link V2Route} and method. */
final class V2Router {
    private final ManifestHandler manifests;
    private final BlobHandler blobs;
    private final UploadHandler uploads;
    private final DiscoveryHandler discovery;

    V2Router(ManifestHandler manifests, BlobHandler blobs, UploadHandler uploads, DiscoveryHandler discovery) {
        this.manifests = manifests;
        this.blobs = blobs;
        this.uploads = uploads;
        this.discovery = discovery;
    }

    Mono<ServerResponse> route(ServerRequest request) {
        V2Route route = V2Route.parse(request.requestPath().value());
        HttpMethod method = request.method();
        return switch (route) {
            case V2Route.Base base -> when(method, HttpMethod.GET, HttpMethod.HEAD)
                    ? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    : unsupported(method, route);
            case V2Route.Catalog catalog -> method == HttpMethod.GET ? discovery.catalog(request)
                    : unsupported(method, route);
            case V2Route.Tags(var name) -> method == HttpMethod.GET ? discovery.tags(request, name)
                    : unsupported(method, route);
            case V2Route.Referrers(var name, var digest) -> method == HttpMethod.GET
                    ? discovery.referrers(request, name, digest) : unsupported(method, route);
            case V2Route.Manifest(var name, var reference) -> {
                if (when(method, HttpMethod.GET, HttpMethod.HEAD)) {
                    yield manifests.get(name, reference);
                } else if (method == HttpMethod.PUT) {
                    yield manifests.put(request, name, reference);
                } else if (method == HttpMethod.DELETE) {
                    yield manifests.delete(name, reference);
                }
                yield unsupported(method, route);
            }
            case V2Route.Blob(var name, var digest) -> {
                if (method == HttpMethod.HEAD) {
                    yield blobs.head(name, digest);
                } else if (method == HttpMethod.GET) {
                    yield blobs.get(request, name, digest);
                } else if (method == HttpMethod.DELETE) {
                    yield blobs.delete(name, digest);
                }
                yield unsupported(method, route);
            }
            case V2Route.UploadStart(var name) -> method == HttpMethod.POST ? uploads.start(request, name)
                    : unsupported(method, route);
            case V2Route.Upload(var name, var id) -> {
                if (method == HttpMethod.PATCH) {
                    yield uploads.patch(request, name, id);
                } else if (method == HttpMethod.PUT) {
                    yield uploads.put(request, name, id);
                } else if (method == HttpMethod.GET) {
                    yield uploads.status(name, id);
                } else if (method == HttpMethod.DELETE) {
                    yield uploads.cancel(name, id);
                }
                yield unsupported(method, route);
            }
            case V2Route.Unknown(var path) -> Mono.error(new RegistryException(ErrorCode.UNSUPPORTED, 404,
                    "no endpoint of the OCI Distribution API at " + path, Map.of("path", path)));
        };
    }

    private static boolean when(HttpMethod method, HttpMethod first, HttpMethod second) {
        return method == first || method == second;
    }

    private static Mono<ServerResponse> unsupported(HttpMethod method, V2Route route) {
        String endpoint = switch (route) {
            case V2Route.Base base -> "/v2/";
            case V2Route.Catalog catalog -> "/v2/_catalog";
            case V2Route.Tags tags -> "/v2/<name>/tags/list";
            case V2Route.Referrers referrers -> "/v2/<name>/referrers/<digest>";
            case V2Route.Manifest manifest -> "/v2/<name>/manifests/<reference>";
            case V2Route.Blob blob -> "/v2/<name>/blobs/<digest>";
            case V2Route.UploadStart start -> "/v2/<name>/blobs/uploads/";
            case V2Route.Upload upload -> "/v2/<name>/blobs/uploads/<uuid>";
            case V2Route.Unknown unknown -> unknown.path();
        };
        return Mono.error(new RegistryException(ErrorCode.UNSUPPORTED, method + " is not supported on " + endpoint,
                Map.of("method", method.name())));
    }
}
