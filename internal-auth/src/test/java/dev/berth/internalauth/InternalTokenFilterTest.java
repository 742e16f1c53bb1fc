package dev.berth.internalauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class InternalTokenFilterTest {
    private static final String VALUE = InternalTokenTest.VALUE;

    private final InternalTokenFilter filter = new InternalTokenFilter(InternalToken.of(VALUE));
    private final AtomicBoolean passed = new AtomicBoolean();
    private final WebFilterChain chain = exchange -> {
        passed.set(true);
        return Mono.empty();
    };

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, chain).block();
        return exchange;
    }

    @Test
    void theTokenInItsHeaderIsLetThrough() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/api/v1/apps")
                .header(InternalToken.HEADER, VALUE));

        assertThat(passed).isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void theTokenAsABearerCredentialIsLetThrough() {
        run(MockServerHttpRequest.post("/internal/v1/logs").header("Authorization", "Bearer " + VALUE));

        assertThat(passed).isTrue();
    }

    @Test
    void noTokenIs401WithAProblemDetail() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/api/v1/apps"));

        assertThat(passed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer ");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"status\":401", "https://berth.dev/problems/unauthorized", InternalToken.HEADER)
                .doesNotContain(VALUE);
    }

    @Test
    void aWrongTokenIs401() {
        String wrong = VALUE.substring(0, VALUE.length() - 1) + "Z";
        MockServerWebExchange header = run(MockServerHttpRequest.get("/v1/containers")
                .header(InternalToken.HEADER, wrong));
        MockServerWebExchange bearer = run(MockServerHttpRequest.get("/v1/containers")
                .header("Authorization", "Bearer " + wrong));
        MockServerWebExchange basic = run(MockServerHttpRequest.get("/v1/containers")
                .header("Authorization", "Basic " + VALUE));

        assertThat(passed).isFalse();
        assertThat(header.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(bearer.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(basic.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aWrongDedicatedHeaderIsNotRescuedByABearerCredential() {
        run(MockServerHttpRequest.get("/v1/containers").header(InternalToken.HEADER, "wrong")
                .header("Authorization", "Bearer " + VALUE));

        assertThat(passed).isFalse();
    }

    @Test
    void theRegistryAnswersInTheOciErrorForm() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/v2/team/app/manifests/1"));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(exchange.getResponse().getBodyAsString().block()).startsWith("{\"errors\":[{\"code\":\"UNAUTHORIZED\"");
    }

    @Test
    void healthAndItsProbesNeedNoToken() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness"}) {
            passed.set(false);
            MockServerWebExchange exchange = run(MockServerHttpRequest.get(path));
            assertThat(passed).as(path).isTrue();
            assertThat(exchange.getResponse().getStatusCode()).as(path).isNull();
        }
    }

    @Test
    void otherActuatorEndpointsAndLookalikesNeedIt() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/healthz", "/actuator/info"}) {
            MockServerWebExchange exchange = run(MockServerHttpRequest.get(path));
            assertThat(exchange.getResponse().getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(passed).isFalse();
    }
}
