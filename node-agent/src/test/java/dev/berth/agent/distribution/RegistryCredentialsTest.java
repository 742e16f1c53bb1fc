package dev.berth.agent.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code X-Registry-Auth} header a client hands credentials over in, and the challenges registries answer with. */
class RegistryCredentialsTest {
    private static String base64(String json, boolean urlSafe) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return (urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(bytes);
    }

    @Test
    void theHeaderIsBase64OfUsernameAndPasswordEitherAlphabet() {
        String json = "{\"username\":\"ci\",\"password\":\"t>?~/+\"}";
        assertThat(RegistryCredentials.fromHeader(base64(json, true))).isEqualTo(new RegistryCredentials("ci",
                "t>?~/+"));
        assertThat(RegistryCredentials.fromHeader(base64(json, false))).isEqualTo(new RegistryCredentials("ci",
                "t>?~/+"));
        RegistryCredentials back = RegistryCredentials.fromHeader(new RegistryCredentials("u", "p").toHeader());
        assertThat(back).isEqualTo(new RegistryCredentials("u", "p"));
        assertThat(RegistryCredentials.fromHeader(base64("{\"identitytoken\":\"tok\"}", true)))
                .isEqualTo(new RegistryCredentials("", "tok"));
    }

    @Test
    void noHeaderAnEmptyOneOrAnEmptyObjectIsNoCredentials() {
        assertThat(RegistryCredentials.fromHeader(null)).isNull();
        assertThat(RegistryCredentials.fromHeader(" ")).isNull();
        assertThat(RegistryCredentials.fromHeader(base64("{}", true))).isNull();
    }

    @Test
    void aMalformedHeaderIsRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> RegistryCredentials.fromHeader("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("X-Registry-Auth is not base64");
        assertThatThrownBy(() -> RegistryCredentials.fromHeader(base64("[1]", true)))
                .hasMessage("X-Registry-Auth is not base64 of a JSON object");
        assertThatThrownBy(() -> RegistryCredentials.fromHeader(base64("{\"username\":\"ci\"}", true)))
                .hasMessage("X-Registry-Auth names no password (or identitytoken)");
        assertThatThrownBy(() -> RegistryCredentials.fromHeader(base64("{\"username\":\"a:b\",\"password\":\"p\"}",
                true))).hasMessageContaining("may not contain ':'");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertThat(new RegistryCredentials("ci", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void challengesAreReadWithQuotedCommasAndAnyCase() {
        RegistryAuth.Challenge bearer = RegistryAuth.Challenge.parse("Bearer realm=\"https://auth.example/token\","
                + "service=\"registry.example\",scope=\"repository:acme/web:pull,push\"");
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.parameters()).isEqualTo(Map.of("realm", "https://auth.example/token", "service",
                "registry.example", "scope", "repository:acme/web:pull,push"));

        RegistryAuth.Challenge basic = RegistryAuth.Challenge.parse("BASIC Realm=registry, charset=UTF-8");
        assertThat(basic.scheme()).isEqualTo("basic");
        assertThat(basic.parameters()).isEqualTo(Map.of("realm", "registry", "charset", "UTF-8"));
        assertThat(RegistryAuth.Challenge.parse("  ")).isNull();
    }
}
