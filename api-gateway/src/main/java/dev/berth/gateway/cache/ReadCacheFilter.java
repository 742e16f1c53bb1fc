package dev.berth.gateway.cache;

import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.metrics.GatewayMetrics;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves a tenant's reads of its apps ({@code GET /api/v1/apps} and below) from the {@link ReadCache}, after
 * authentication, its rate limit and its scope check, and keeps the scheduler's 200 JSON answers for the next ones.
 *
 * <p>An answer is kept under the caller's tenant with the path, the query and the {@code Accept} header, so it
 * serves the same tenant's same read and nothing else. Any other method on those paths (a create, a deploy, a
 * scale, a delete) drops every answer before its own answer goes out: a client reads its own writes through this
 * gateway at once. {@code HEAD} and {@code OPTIONS} pass by, neither served nor dropping anything. Changes made elsewhere (the scheduler's own work, the nodes' reports, another gateway) arrive
 * through the scheduler's change feed, within milliseconds of their commit.
 */
public final class ReadCacheFilter implements WebFilter, Ordered {
    private static final String APPS = "/api/v1/apps";

    private final ReadCache cache;
    private final GatewayMetrics metrics;

    public ReadCacheFilter(ReadCache cache, GatewayMetrics metrics) {
        this.cache = cache;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        // Right after authentication: only an authenticated caller, within its rate and scope, gets this far.
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null || !(path.equals(APPS) || path.startsWith(APPS + "/"))) {
            return chain.filter(exchange);
        }
        if (HttpMethod.HEAD.equals(request.getMethod()) || HttpMethod.OPTIONS.equals(request.getMethod())) {
            return chain.filter(exchange);
        }
        if (!HttpMethod.GET.equals(request.getMethod())) {
            exchange.getResponse().beforeCommit(() -> {
                cache.changed();
                return Mono.empty();
            });
            return chain.filter(exchange);
        }
        if (!cache.live()) {
            metrics.readCache("off");
            return chain.filter(exchange);
        }
        String key = key(caller, request);
        ReadCache.Answer answer = cache.get(key);
        if (answer != null) {
            metrics.readCache("hit");
            return serve(exchange.getResponse(), answer);
        }
        metrics.readCache("miss");
        long generation = cache.generation();
        return chain.filter(exchange.mutate().response(new Keeper(exchange.getResponse(), key, generation)).build());
    }

    private static String key(Caller caller, ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
        return caller.tenant().value() + ' ' + request.getPath().value() + '?' + (query == null ? "" : query) + ' '
                + (accept == null ? "" : accept);
    }

    private static Mono<Void> serve(ServerHttpResponse response, ReadCache.Answer answer) {
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
        headers.setContentLength(answer.body().length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(answer.body())));
    }

    /** Passes the scheduler's answer on, copying it; a 200 JSON answer small enough is then kept. */
    private final class Keeper extends ServerHttpResponseDecorator {
        private final String key;
        private final long generation;

        Keeper(ServerHttpResponse delegate, String key, long generation) {
            super(delegate);
            this.key = key;
            this.generation = generation;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            MediaType type = getHeaders().getContentType();
            if (!HttpStatus.OK.equals(getStatusCode()) || type == null
                    || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                return super.writeWith(body);
            }
            Copy copy = new Copy(cache.maxBytes());
            return super.writeWith(Flux.from(body).doOnNext(copy::add))
                    .doOnSuccess(done -> {
                        byte[] bytes = copy.bytes();
                        if (bytes != null) {
                            cache.put(key, generation, new ReadCache.Answer(bytes, type.toString()));
                        }
                    });
        }
    }

    /** The bytes of an answer as they pass, up to a limit. */
    private static final class Copy {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean over;

        Copy(int limit) {
            this.limit = limit;
        }

        synchronized void add(DataBuffer buffer) {
            int length = buffer.readableByteCount();
            if (over || bytes.size() + length > limit) {
                over = true;
                return;
            }
            byte[] chunk = new byte[length];
            buffer.toByteBuffer(buffer.readPosition(), java.nio.ByteBuffer.wrap(chunk), 0, length);
            bytes.write(chunk, 0, length);
        }

        synchronized byte @Nullable [] bytes() {
            return over ? null : bytes.toByteArray();
        }
    }
}
