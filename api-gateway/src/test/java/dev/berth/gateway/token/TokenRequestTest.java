package dev.berth.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenRequestTest {
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static final Duration DEFAULT = Duration.ofDays(90);
    private static final Duration MAX = Duration.ofDays(365);

    @Test
    void theExpiryIsTheDefaultUnlessOneIsNamed() {
        assertThat(TokenRequest.expiry(null, DEFAULT, MAX, NOW)).isEqualTo(NOW.plus(DEFAULT));
        assertThat(TokenRequest.expiry("P30D", DEFAULT, MAX, NOW)).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(TokenRequest.expiry("PT2S", DEFAULT, MAX, NOW)).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void anExpiryBeyondTheMaximumOrNotPositiveOrMalformedIsRefused() {
        assertThatThrownBy(() -> TokenRequest.expiry("P400D", DEFAULT, MAX, NOW)).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> TokenRequest.expiry("PT0S", DEFAULT, MAX, NOW)).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> TokenRequest.expiry("-PT1S", DEFAULT, MAX, NOW)).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> TokenRequest.expiry("30 days", DEFAULT, MAX, NOW))
                .isInstanceOf(GatewayException.class).hasMessageContaining("ISO-8601");
    }
}
