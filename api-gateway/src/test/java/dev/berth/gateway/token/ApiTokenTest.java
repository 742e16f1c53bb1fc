package dev.berth.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiTokenTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aGeneratedTokenParsesBackFromItsText() {
        ApiToken token = ApiToken.generate(random);
        assertThat(token.text()).matches("berth_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(ApiToken.parse(token.text())).contains(token);
    }

    @Test
    void aSecretWithUnderscoresStillSplitsAtTheIdsEnd() {
        String text = "berth_0123456789abcdef_" + "a_b-".repeat(10) + "xyz";
        ApiToken token = ApiToken.parse(text).orElseThrow();
        assertThat(token.id().value()).isEqualTo("0123456789abcdef");
        assertThat(token.secret()).isEqualTo("a_b-".repeat(10) + "xyz");
    }

    @Test
    void textsNotOfTheFormAreNoTokens() {
        assertThat(ApiToken.parse("")).isEmpty();
        assertThat(ApiToken.parse("berth_")).isEmpty();
        assertThat(ApiToken.parse("berth_0123456789abcdef")).isEmpty();
        assertThat(ApiToken.parse("berth_0123456789ABCDEF_" + "a".repeat(43))).isEmpty();
        assertThat(ApiToken.parse("berth_0123456789abcdef_" + "a".repeat(42))).isEmpty();
        assertThat(ApiToken.parse("berth_0123456789abcdef_" + "a".repeat(42) + "=")).isEmpty();
        assertThat(ApiToken.parse("token_0123456789abcdef_" + "a".repeat(43))).isEmpty();
        assertThat(ApiToken.parse("berthreg.0123456789abcdef.1.x")).isEmpty();
    }

    @Test
    void theStoredHashIsTheSha256OfTheSecretAndOnlyThatSecretMatchesIt() {
        ApiToken token = ApiToken.parse("berth_0123456789abcdef_" + "a".repeat(43)).orElseThrow();
        assertThat(HexFormat.of().formatHex(token.secretHash()))
                .isEqualTo(HexFormat.of().formatHex(ApiToken.sha256("a".repeat(43))));
        assertThat(token.matches(token.secretHash())).isTrue();
        ApiToken other = ApiToken.parse("berth_0123456789abcdef_" + "a".repeat(42) + "b").orElseThrow();
        assertThat(other.matches(token.secretHash())).isFalse();
        assertThat(token.secretHash()).hasSize(32);
    }

    @Test
    void itsStringFormHidesTheSecret() {
        ApiToken token = ApiToken.generate(random);
        assertThat(token.toString()).doesNotContain(token.secret()).endsWith("_***");
    }

    @Test
    void twoTokensDiffer() {
        assertThat(ApiToken.generate(random).text()).isNotEqualTo(ApiToken.generate(random).text());
    }
}
