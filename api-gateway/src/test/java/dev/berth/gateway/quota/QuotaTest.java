package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import org.junit.jupiter.api.Test;

class QuotaTest {

    @Test
    void everyFieldIsReadAndAnAbsentOrNullOneIsUnlimited() {
        assertThat(Quota.parse("{\"cpu\":\"4\",\"memory\":\"8Gi\",\"containers\":20,\"imageStorage\":\"10Gi\"}"))
                .isEqualTo(new Quota(4000L, 8L << 30, 20L, 10L << 30));
        assertThat(Quota.parse("{\"cpu\":0.5,\"memory\":null}")).isEqualTo(new Quota(500L, null, null, null));
        assertThat(Quota.parse("{}")).isEqualTo(Quota.UNLIMITED);
        assertThat(Quota.UNLIMITED.limitsApps()).isFalse();
        assertThat(new Quota(null, null, null, 1L).limitsApps()).isFalse();
        assertThat(new Quota(null, null, 0L, null).limitsApps()).isTrue();
    }

    @Test
    void aBadFieldIsAnInvalidRequestNamingIt() {
        assertInvalid("{\"cpu\":\"four\"}", "quota field cpu: 'four' is not a quantity");
        assertInvalid("{\"memory\":\"8Gx\"}", "quota field memory");
        assertInvalid("{\"imageStorage\":[1]}", "quota field imageStorage");
        assertInvalid("{\"containers\":1.5}", "quota field containers");
        assertInvalid("{\"containers\":-2}", "quota field containers: '-2'");
        assertInvalid("{\"cpu\":\"1\",\"gpus\":1}", "unknown quota field 'gpus'");
        assertInvalid("\"4\"", "a quota is a JSON object");
        assertInvalid("{", "the quota is not JSON");
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> Quota.parse(json)).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((GatewayException) e).problem()).isEqualTo(Problem.INVALID_REQUEST));
    }
}
