package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Access;
import dev.berth.gateway.auth.Authenticator;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.auth.Credentials;
import dev.berth.gateway.auth.RateLimitedException;
import dev.berth.gateway.auth.RateLimiter;
import dev.berth.gateway.metrics.GatewayMetrics;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every request but the public ones (health, metrics, the API docs) passes here first, in this order: the body cap
 * (not for {@code /v2/}, whose blobs are large by nature), the token (401), the token's rate limit (429), the scope
 * the route needs (403 within the caller's own tenant). The caller then rides on the exchange as {@link Caller}
 * (from authentication on, so that the audit of a call refused for its rate or scope names it).
 */
public final class AuthenticationFilter implements WebFilter, Ordered {
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final long maxBody;
    private final GatewayMetrics metrics;

    public AuthenticationFilter(Authenticator authenticator, RateLimiter rateLimiter, long maxBody,
                                GatewayMetrics metrics) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.maxBody = maxBody;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (isPublic(path)) {
            return chain.filter(exchange);
        }
        boolean capped = !path.startsWith("/v2/");
        if (capped && request.getHeaders().getContentLength() > maxBody) {
            return Mono.error(tooLarge());
        }
        Optional<Credentials> credentials = Credentials.fromHeader(
                request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        // A token whose row is cached is checked right here; only one that needs PostgreSQL leaves the event loop.
        return Mono.fromCallable(() -> authenticator.authenticateWithoutBlocking(credentials).orElse(null))
                .switchIfEmpty(Mono.fromCallable(() -> authenticator.authenticate(credentials))
                        .subscribeOn(Schedulers.boundedElastic()))
                .doOnError(GatewayException.class, e -> metrics.rejected(e.problem()))
                .flatMap(caller -> {
                    metrics.authenticated(credentials.map(c -> !c.secret().startsWith("berth_")).orElse(false));
                    // Known from here on, also to the audit of a call refused below.
                    exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
                    long retryAfter = rateLimiter.retryAfterSeconds(caller.token());
                    if (retryAfter > 0) {
                        metrics.rejected(Problem.TOO_MANY_REQUESTS);
                        return Mono.error(new RateLimitedException(retryAfter));
                    }
                    Access.Requirement requirement = Access.required(request.getMethod().name(), path);
                    if (!requirement.satisfiedBy(caller)) {
                        metrics.rejected(Problem.MISSING_SCOPE);
                        return Mono.error(new GatewayException(Problem.MISSING_SCOPE, requirement.platform()
                                ? "this needs an admin token of the platform tenant"
                                : "this needs a token with the scope " + requirement.scope().wire()));
                    }
                    ServerWebExchange next = capped ? exchange.mutate().request(capped(request)).build() : exchange;
                    return chain.filter(next);
                });
    }

    static boolean isPublic(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus") || path.equals("/actuator/info")
                || path.equals("/api/docs") || path.startsWith("/api/docs/") || path.startsWith("/api/swagger-ui/")
                || path.startsWith("/webjars/");
    }

    /** A body without a declared length is counted as it streams, and cut off at the cap. */
    private ServerHttpRequest capped(ServerHttpRequest request) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBody) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(tooLarge());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
    }

    private GatewayException tooLarge() {
        metrics.rejected(Problem.TOO_LARGE);
        return new GatewayException(Problem.TOO_LARGE, "the request body is larger than " + maxBody
                + " bytes (berth.gateway.max-request-body)");
    }
}
