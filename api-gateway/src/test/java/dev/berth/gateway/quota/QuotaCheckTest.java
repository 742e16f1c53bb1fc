package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.tenant.TenantName;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {
    private static final Quota QUOTA = new Quota(2000L, 4L << 30, 10L, 1L << 30);

    @Test
    void aChangeWithinEveryLimitFits() {
        assertThat(QuotaCheck.apps(QUOTA, new Demand(1000, 1L << 30, 2), new Demand(2000, 4L << 30, 10))).isEmpty();
        assertThat(QuotaCheck.apps(Quota.UNLIMITED, Demand.NONE, new Demand(99_000, 1L << 40, 999))).isEmpty();
    }

    @Test
    void theFirstLimitExceededIsNamedWithItsLimitUseAndRequest() {
        Exceeded cpu = QuotaCheck.apps(QUOTA, new Demand(1500, 0, 1), new Demand(2500, 0, 2)).orElseThrow();
        assertThat(cpu).isEqualTo(new Exceeded("cpu", "2", "1500m", "2500m"));
        assertThat(cpu.message(new TenantName("acme")))
                .isEqualTo("the cpu quota of tenant acme is 2; it uses 1500m, and this would make it 2500m");
        assertThat(QuotaCheck.apps(QUOTA, Demand.NONE, new Demand(0, 5L << 30, 1)))
                .hasValue(new Exceeded("memory", "4Gi", "0", "5Gi"));
        assertThat(QuotaCheck.apps(QUOTA, new Demand(0, 0, 10), new Demand(0, 0, 11)))
                .hasValue(new Exceeded("containers", "10", "10", "11"));
    }

    @Test
    void overALoweredQuotaOnlyAChangeThatLowersTheUseIsLetThrough() {
        Demand over = new Demand(3000, 0, 12);
        assertThat(QuotaCheck.apps(QUOTA, over, new Demand(2500, 0, 11))).isEmpty();
        assertThat(QuotaCheck.apps(QUOTA, over, over)).hasValue(new Exceeded("cpu", "2", "3", "3"));
    }

    @Test
    void aPushStartsOnlyWhileTheImagesTakeLessThanTheQuota() {
        assertThat(QuotaCheck.images(QUOTA, (1L << 30) - 1, "a push to acme/web")).isEmpty();
        Exceeded full = QuotaCheck.images(QUOTA, 1L << 30, "a push to acme/web").orElseThrow();
        assertThat(full).isEqualTo(new Exceeded("imageStorage", "1Gi", "1Gi", "a push to acme/web"));
        assertThat(full.message(new TenantName("acme"))).isEqualTo("the imageStorage quota of tenant acme is 1Gi;"
                + " it uses 1Gi, so a push to acme/web is refused until images are deleted");
        assertThat(QuotaCheck.images(Quota.UNLIMITED, Long.MAX_VALUE, "a push to acme/web")).isEmpty();
    }
}
