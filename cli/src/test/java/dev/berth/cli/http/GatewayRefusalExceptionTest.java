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

    @Test
    void aQuotaRefusalSaysItIsTheQuotaNotTheToken() {
        Problem quota = new Problem("https://berth.dev/problems/quota-exceeded", "Quota exceeded", 403,
                "the containers quota of tenant demo is 3; it uses 0, and this would make it 4", null, null, null,
                null);
        Problem scope = new Problem("https://berth.dev/problems/missing-scope", "Forbidden", 403,
                "this needs the deploy scope", null, null, null, null);

        assertThat(GatewayRefusalException.of(403, quota, true, null).getMessage()).isEqualTo("over the tenant's"
                + " quota (403): the containers quota of tenant demo is 3; it uses 0, and this would make it 4");
        assertThat(GatewayRefusalException.of(403, scope, true, null).getMessage())
                .isEqualTo("the token may not do this (403): this needs the deploy scope");
    }
}
