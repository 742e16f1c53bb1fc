package dev.berth.internalauth;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets through only requests that carry the internal token, in {@value InternalToken#HEADER} or as
 * {@code Authorization: Bearer}; every other one is answered 401 before any handler sees it. The health check
 * ({@code /actuator/health} and its liveness and readiness groups) stays open, for supervisors and load balancers.
 * The refusal is a problem detail, and under {@code /v2/} the OCI error form, as each service answers its errors.
 */
public final class InternalTokenFilter implements WebFilter, Ordered {
    private static final String HEALTH = "/actuator/health";
    private static final String BEARER = "Bearer ";
    private static final String WHY = "this service answers only requests that carry the installation's internal"
            + " token (header " + InternalToken.HEADER + ")";
    private static final byte[] PROBLEM = ("{\"type\":\"https://berth.dev/problems/unauthorized\","
            + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + WHY + "\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] OCI_ERROR = ("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + WHY
            + "\"}]}").getBytes(StandardCharsets.UTF_8);

    private final InternalToken token;

    public InternalTokenFilter(InternalToken token) {
        this.token = token;
    }

    /** Before everything else, so that nothing runs for a request that will be refused. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (isHealth(path) || token.matches(presented(request.getHeaders()))) {
            return chain.filter(exchange);
        }
        return refuse(exchange.getResponse(), path.equals("/v2") || path.startsWith("/v2/"));
    }

    static boolean isHealth(String path) {
        return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
    }

    /** The token as the caller sent it: the dedicated header, else a bearer credential. */
    static @Nullable String presented(HttpHeaders headers) {
        String dedicated = headers.getFirst(InternalToken.HEADER);
        if (dedicated != null) {
            return dedicated;
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
    }

    private static Mono<Void> refuse(ServerHttpResponse response, boolean registry) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"berth-internal\"");
        headers.set(HttpHeaders.CONTENT_TYPE, registry ? "application/json" : "application/problem+json");
        DataBuffer body = response.bufferFactory().wrap(registry ? OCI_ERROR : PROBLEM);
        return response.writeWith(Mono.just(body));
    }
}
