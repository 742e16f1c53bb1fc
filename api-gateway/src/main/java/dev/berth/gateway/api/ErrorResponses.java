package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.RateLimitedException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error, translated once: RFC 9457 problem details, except under {@code /v2/}, which answers the OCI
 * {@code {"errors":[...]}} form with the OCI error codes. A 401 carries the challenge its client understands: the
 * Docker token flow's {@code Bearer realm=".../v2/token",service="berth-registry"} on {@code /v2/}, {@code Basic} on
 * {@code /v2/token} itself, {@code Bearer} elsewhere.
 */
public final class ErrorResponses implements WebExceptionHandler, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String TYPE_BASE = "https://berth.dev/problems/";
    static final String REGISTRY_SERVICE = "berth-registry";
    private static final Map<Problem, String> OCI_CODES = Map.of(
            Problem.UNAUTHORIZED, "UNAUTHORIZED",
            Problem.MISSING_SCOPE, "DENIED",
            Problem.QUOTA_EXCEEDED, "DENIED",
            Problem.NOT_FOUND, "NAME_UNKNOWN",
            Problem.TOO_MANY_REQUESTS, "TOOMANYREQUESTS",
            Problem.INVALID_REQUEST, "UNSUPPORTED");

    private final @Nullable String realm;

    /** {@code realm}: the token endpoint's public URL; without one, it follows the request's own host. */
    public ErrorResponses(@Nullable String realm) {
        this.realm = realm;
    }

    @Override
    public int getOrder() {
        // Before Spring Boot's own error handler (-1).
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ServerHttpRequest request = exchange.getRequest();
        Answer answer = answer(error);
        if (answer.status >= 500) {
            log.warn("{} {}: {}", request.getMethod(), request.getPath(), answer.detail,
                    answer.problem == Problem.INTERNAL ? error : null);
        }
        String path = request.getPath().value();
        boolean registry = path.equals("/v2") || path.startsWith("/v2/");
        response.setStatusCode(HttpStatusCode.valueOf(answer.status));
        HttpHeaders headers = response.getHeaders();
        if (answer.problem == Problem.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, !registry ? "Bearer realm=\"berth\""
                    : path.equals("/v2/token") ? "Basic realm=\"" + REGISTRY_SERVICE + "\""
                    : "Bearer realm=\"" + realm(request) + "\",service=\"" + REGISTRY_SERVICE + "\"");
        }
        if (error instanceof RateLimitedException limited) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        } else if (answer.status == 503) {
            headers.set(HttpHeaders.RETRY_AFTER, "1");
        }
        Map<String, String> details = error instanceof GatewayException known ? known.details() : Map.of();
        String body;
        if (registry) {
            headers.setContentType(MediaType.APPLICATION_JSON);
            String code = answer.problem == null ? "UNKNOWN" : OCI_CODES.getOrDefault(answer.problem, "UNKNOWN");
            String detail = details.isEmpty() ? "" : ",\"detail\":{" + members(details) + "}";
            body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":" + json(answer.detail) + detail + "}]}";
        } else {
            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            String type = answer.problem == null ? "about:blank" : TYPE_BASE + answer.problem.slug();
            body = "{\"type\":" + json(type) + ",\"title\":" + json(answer.title) + ",\"status\":" + answer.status
                    + ",\"detail\":" + json(answer.detail) + ",\"instance\":" + json(path)
                    + (details.isEmpty() ? "" : "," + members(details)) + "}";
        }
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private record Answer(@Nullable Problem problem, int status, String title, String detail) {
        static Answer of(Problem problem, String detail) {
            return new Answer(problem, problem.status(), problem.title(), detail);
        }
    }

    private static Answer answer(Throwable error) {
        if (error instanceof GatewayException known) {
            return Answer.of(known.problem(), String.valueOf(known.getMessage()));
        }
        if (error instanceof DataBufferLimitException) {
            return Answer.of(Problem.TOO_LARGE, "the request body is too large");
        }
        if (error instanceof ServerWebInputException input) {
            return Answer.of(Problem.INVALID_REQUEST, input.getReason() != null ? input.getReason()
                    : String.valueOf(input.getMessage()));
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            HttpStatus known = HttpStatus.resolve(code);
            String title = known == null ? "Error" : known.getReasonPhrase();
            Problem problem = code == 404 ? Problem.NOT_FOUND : null;
            return new Answer(problem, code, problem == null ? title : problem.title(),
                    status.getReason() != null ? status.getReason() : title);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return Answer.of(Problem.UPSTREAM_UNAVAILABLE, "the service behind this route does not answer: "
                        + cause.getMessage());
            }
        }
        return Answer.of(Problem.INTERNAL, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private String realm(ServerHttpRequest request) {
        if (realm != null) {
            return realm;
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host == null) {
            host = request.getURI().getAuthority();
        }
        return request.getURI().getScheme() + "://" + host + "/v2/token";
    }

    /** {@code "name":"value"} pairs, comma separated. */
    private static String members(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> out.append(out.isEmpty() ? "" : ",").append(json(name)).append(':')
                .append(json(value)));
        return out.toString();
    }

    /** {@code text} as a JSON string. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
