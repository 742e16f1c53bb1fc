package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayRefusalExceptionTest {
    private static Problem unauthorized(String detail) {
        return new Problem("https://berth.dev/problems/unauthorized", "Unauthorized", 401, detail, null, null, null,
                null);
    }

    @Test
    void aServiceThatWantsTheInternalTokenSaysWhereItIs() {
        GatewayRefusalException refusal = GatewayRefusalException.of(401, unauthorized("this service answers only"
                + " requests that carry the installation's internal token (header X-Berth-Internal-Token)"), false,
                null);

        assertThat(refusal).isNotNull();
        assertThat(refusal.getMessage()).isEqualTo("the service wants the installation's internal token (401): this"
                + " service answers only requests that carry the installation's internal token (header"
                + " X-Berth-Internal-Token). Run berth as root (it reads /etc/berth/internal-token), set"
                + " BERTH_INTERNAL_TOKEN_FILE to a copy you may read, or log in to the gateway with berth login.");
    }

    @Test
    void theGatewaysOwn401StillAsksForALogin() {
        GatewayRefusalException refusal = GatewayRefusalException.of(401,
                unauthorized("an API token is required: Authorization: Bearer berth_..."), false, null);

        assertThat(refusal).isNotNull();
        assertThat(refusal.getMessage()).startsWith("a token is needed (401): ").endsWith("or set BERTH_TOKEN.");
    }
}
