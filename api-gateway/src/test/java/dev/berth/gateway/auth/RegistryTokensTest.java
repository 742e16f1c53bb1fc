package dev.berth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.token.TokenId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static final TokenId ID = new TokenId("0123456789abcdef");

    @Test
    void aRegistryTokenNamesItsApiTokenUntilItExpires() {
        RegistryTokens tokens = RegistryTokens.withRandomKey(Duration.ofMinutes(5));
        String token = tokens.issue(ID, NOW);
        assertThat(tokens.verify(token, NOW)).contains(ID);
        assertThat(tokens.verify(token, NOW.plusSeconds(299))).contains(ID);
        assertThat(tokens.verify(token, NOW.plusSeconds(300))).isEmpty();
    }

    @Test
    void aChangedOrForeignTokenIsRefused() {
        RegistryTokens tokens = RegistryTokens.withRandomKey(Duration.ofMinutes(5));
        String token = tokens.issue(ID, NOW);
        String longer = token.replace("." + (NOW.getEpochSecond() + 300) + ".", "." + (NOW.getEpochSecond() + 9999)
                + ".");
        assertThat(tokens.verify(longer, NOW)).isEmpty();
        assertThat(tokens.verify(token.replace("0123456789abcdef", "fedcba9876543210"), NOW)).isEmpty();
        assertThat(RegistryTokens.withRandomKey(Duration.ofMinutes(5)).verify(token, NOW)).isEmpty();
        assertThat(tokens.verify("berthreg.", NOW)).isEmpty();
        assertThat(tokens.verify("something", NOW)).isEmpty();
    }
}
