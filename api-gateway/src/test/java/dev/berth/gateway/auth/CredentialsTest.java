package dev.berth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerCarriesTheTokenAndBasicCarriesItAsThePassword() {
        assertThat(Credentials.fromHeader("Bearer berth_x_y")).contains(new Credentials("berth_x_y", false));
        assertThat(Credentials.fromHeader("bearer  berth_x_y ")).contains(new Credentials("berth_x_y", false));
        assertThat(Credentials.fromHeader(basic("anyone:berth_x_y"))).contains(new Credentials("berth_x_y", true));
        assertThat(Credentials.fromHeader(basic("x:a:b"))).contains(new Credentials("a:b", true));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(Credentials.fromHeader(null)).isEmpty();
        assertThat(Credentials.fromHeader("Bearer")).isEmpty();
        assertThat(Credentials.fromHeader("Bearer ")).isEmpty();
        assertThat(Credentials.fromHeader("Digest abc")).isEmpty();
        assertThat(Credentials.fromHeader("Basic !!!")).isEmpty();
        assertThat(Credentials.fromHeader(basic("nopassword"))).isEmpty();
        assertThat(Credentials.fromHeader(basic("user:"))).isEmpty();
    }
}
