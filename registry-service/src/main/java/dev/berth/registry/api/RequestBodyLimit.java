package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.Limits;
import dev.berth.registry.metrics.RegistryMetrics;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before reading a byte of it, any request whose announced body is larger than
 * {@code berth.registry.limits.max-request-body}. Bodies sent without a length are counted as they are read, by
 * whoever reads them (uploads, manifests).
 */
@Component
final class RequestBodyLimit implements WebFilter {
    private final Limits limits;
    private final RegistryMetrics metrics;
    private final JsonMapper json = JsonMapper.builder().build();

    RequestBodyLimit(Limits limits, RegistryMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length <= limits.maxRequestBytes()) {
            return chain.filter(exchange);
        }
        String message = "the request body (" + length + " bytes) is larger than the limit of "
                + Limits.human(limits.maxRequestBytes()) + " (" + Limits.REQUEST_SETTING + ")";
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
        byte[] body;
        String path = exchange.getRequest().getPath().value();
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            metrics.refused(ErrorCode.SIZE_INVALID.name());
            response.getHeaders().set(OciErrors.API_VERSION_HEADER, OciErrors.API_VERSION);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            body = OciErrors.body(json, ErrorCode.SIZE_INVALID, message, Map.of("limit", limits.maxRequestBytes(),
                    "setting", Limits.REQUEST_SETTING));
        } else {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            body = json.writeValueAsBytes(Map.of("type", "https://berth.dev/problems/request-too-large",
                    "title", "Request body too large", "status", 413, "detail", message,
                    "instance", path));
        }
        // The client may still be sending; closing after the answer is Netty's business.
        DataBuffer buffer = response.bufferFactory().wrap(body);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(buffer));
    }
}
