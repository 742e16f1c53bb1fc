package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void saysSizesTheWayTheyAreConfigured() {
        assertThat(Limits.human(4L << 20)).isEqualTo("4 MiB");
        assertThat(Limits.human(10L << 30)).isEqualTo("10 GiB");
        assertThat(Limits.human(64L << 10)).isEqualTo("64 KiB");
        assertThat(Limits.human(1500)).isEqualTo("1500 bytes");
        assertThat(Limits.human((4L << 20) + 1)).isEqualTo("4194305 bytes");
    }

    @Test
    void anErrorNamesTheLimitAndItsSetting() {
        LimitExceededException e = new LimitExceededException(ErrorCode.MANIFEST_INVALID,
                "the manifest (5000000 bytes)", 4L << 20, Limits.MANIFEST_SETTING);

        assertThat(e.status()).isEqualTo(413);
        assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_INVALID);
        assertThat(e.getMessage()).isEqualTo("the manifest (5000000 bytes) is larger than the limit of 4 MiB"
                + " (berth.registry.limits.max-manifest-size)");
    }
}
