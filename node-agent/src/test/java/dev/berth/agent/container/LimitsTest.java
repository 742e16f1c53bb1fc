package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitsTest {
    static final HostCapacity HOST = new HostCapacity(2, 24L << 30);

    @Test
    void parsesDockerSizes() {
        assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("64M")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("1g")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("1.5g")).isEqualTo(3L << 29);
        assertThat(ByteSize.parse("512k")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("100mb")).isEqualTo(100L << 20);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
    }

    @Test
    void aBadSizeSaysWhatIsExpected() {
        assertThatThrownBy(() -> ByteSize.parse("64 potatoes")).hasMessageContaining("invalid size '64 potatoes'");
        assertThatThrownBy(() -> ByteSize.parse("-5m")).hasMessageContaining("invalid size");
    }

    @Test
    void memoryHasDockersFloorAndTheHostsCeiling() {
        assertThat(Limits.validate("64m", null, null, HOST).memoryBytes()).isEqualTo(64L << 20);
        assertThat(Limits.validate(67108864, null, null, HOST).memoryBytes()).isEqualTo(64L << 20);
        assertThatThrownBy(() -> Limits.validate("4m", null, null, HOST))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("memory"))
                .hasMessageContaining("minimum memory limit allowed is 6MB");
        assertThatThrownBy(() -> Limits.validate("100g", null, null, HOST))
                .hasMessageContaining("more than this host has");
    }

    @Test
    void cpusRangeFromAHundredthToTheHostsCount() {
        assertThat(Limits.validate(null, 0.5, null, HOST).cpuQuotaMicros()).isEqualTo(50_000);
        assertThat(Limits.validate(null, 2.0, null, HOST).cpuQuotaMicros()).isEqualTo(200_000);
        assertThatThrownBy(() -> Limits.validate(null, 3.0, null, HOST))
                .hasMessageContaining("range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertThatThrownBy(() -> Limits.validate(null, 0.001, null, HOST)).hasMessageContaining("range of CPUs");
    }

    @Test
    void pidsLimitZeroOrMinusOneMeansUnlimited() {
        assertThat(Limits.validate(null, null, 0L, HOST).pidsLimit()).isNull();
        assertThat(Limits.validate(null, null, -1L, HOST).pidsLimit()).isNull();
        assertThat(Limits.validate(null, null, 50L, HOST).pidsLimit()).isEqualTo(50);
        assertThatThrownBy(() -> Limits.validate(null, null, -7L, HOST)).hasMessageContaining("pidsLimit");
    }

    @Test
    void cgroupResourcesCarryTheQuotaAndPeriod() {
        var resources = Limits.validate("64m", 0.25, 10L, HOST).toResources();
        assertThat(resources.memoryBytes()).isEqualTo(64L << 20);
        assertThat(resources.cpuQuotaMicros()).isEqualTo(25_000);
        assertThat(resources.cpuPeriodMicros()).isEqualTo(100_000);
        assertThat(resources.pidsLimit()).isEqualTo(10);
    }
}
