package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.blob.ByteRange.RangeNotSatisfiableException;
import dev.berth.registry.metrics.RegistryMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where errors under {@code /v2/} become the spec's {@code {"errors":[{"code","message","detail"}]}}
 * with the code's status. Every answer there also carries {@code Docker-Distribution-API-Version}, which clients look
 * for.
 */
final class OciErrors implements HandlerFilterFunction<ServerResponse, ServerResponse> {
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String API_VERSION = "registry/2.0";
    private static final Logger log = LoggerFactory.getLogger(OciErrors.class);

    private final JsonMapper json;
    private final RegistryMetrics metrics;

    OciErrors(JsonMapper json, RegistryMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        request.exchange().getResponse().getHeaders().set(API_VERSION_HEADER, API_VERSION);
        Mono<ServerResponse> handled;
        try {
            handled = next.handle(request);
        } catch (RuntimeException e) {
            handled = Mono.error(e);
        }
        return handled.onErrorResume(error -> render(request, error));
    }

    private Mono<ServerResponse> render(ServerRequest request, Throwable error) {
        RegistryException failure = translate(request, error);
        if (failure.status() < 500) {
            metrics.refused(failure.code().name());
        }
        ServerResponse.BodyBuilder response = ServerResponse.status(HttpStatusCode.valueOf(failure.status()))
                .contentType(MediaType.APPLICATION_JSON);
        if (failure instanceof RangeNotSatisfiableException range) {
            response.header(HttpHeaders.CONTENT_RANGE, "bytes */" + range.size());
        }
        Map<String, ?> detail = failure.detail();
        if (detail != null && detail.get("uuid") instanceof String uuid && detail.get("size") instanceof Long size) {
            // Where an upload stands, so that the client can resume without asking.
            response.header(HttpHeaders.RANGE, "0-" + Math.max(0, size - 1));
            response.header("Docker-Upload-UUID", uuid);
        }
        if (failure.code() == ErrorCode.TOO_MANY_REQUESTS) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.bodyValue(body(json, failure.code(), failure.getMessage(), detail));
    }

    /** The spec's error body with one error. */
    static byte[] body(JsonMapper json, ErrorCode code, @Nullable String message, @Nullable Map<String, ?> detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message == null ? code.description() : message);
        error.put("detail", detail == null ? Map.of() : detail);
        return json.writeValueAsBytes(Map.of("errors", List.of(error)));
    }

    private static RegistryException translate(ServerRequest request, Throwable error) {
        if (error instanceof RegistryException registry) {
            if (registry.status() >= 500) {
                log.warn("{} {}: {}", request.method(), request.path(), registry.getMessage(), registry);
            }
            return registry;
        }
        log.warn("{} {}: {}", request.method(), request.path(), error.toString(), error);
        return new RegistryException(ErrorCode.INTERNAL, "the registry failed: " + error.getMessage(), error);
    }
}
