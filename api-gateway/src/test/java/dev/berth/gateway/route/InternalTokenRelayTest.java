package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.internalauth.InternalToken;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class InternalTokenRelayTest {
    private static final InternalToken TOKEN = InternalToken.of("t".repeat(43));

    private static HttpHeaders fromClient(String... internalToken) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Accept", "application/json");
        for (String value : internalToken) {
            headers.add(InternalToken.HEADER, value);
        }
        return headers;
    }

    @Test
    void theGatewaysTokenReplacesWhatTheClientSent() {
        HttpHeaders headers = fromClient("forged", "another");

        new InternalTokenRelay(TOKEN).apply(headers);

        assertThat(headers.get(InternalToken.HEADER)).containsExactly(TOKEN.value());
        assertThat(headers.getFirst("Accept")).isEqualTo("application/json");
    }

    @Test
    void withoutATokenTheClientsIsStillDropped() {
        HttpHeaders headers = fromClient("forged");

        new InternalTokenRelay(null).apply(headers);

        assertThat(headers.containsHeader(InternalToken.HEADER)).isFalse();
    }
}
