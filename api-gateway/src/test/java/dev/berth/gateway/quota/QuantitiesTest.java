package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void cpuIsReadInCoresOrMillicores() {
        assertThat(Quantities.cpuMilli("4")).hasValue(4000);
        assertThat(Quantities.cpuMilli("0.5")).hasValue(500);
        assertThat(Quantities.cpuMilli("250m")).hasValue(250);
        assertThat(Quantities.cpuMilli(" 1.25 ")).hasValue(1250);
    }

    @Test
    void whatIsNotAWholeNumberOfMillicoresIsNoCpu() {
        assertThat(Quantities.cpuMilli("0.0005")).isEmpty();
        assertThat(Quantities.cpuMilli("1.5m")).isEmpty();
        assertThat(Quantities.cpuMilli("-1")).isEmpty();
        assertThat(Quantities.cpuMilli("four")).isEmpty();
        assertThat(Quantities.cpuMilli("4 cores")).isEmpty();
        assertThat(Quantities.cpuMilli("99999999999999999999")).isEmpty();
    }

    @Test
    void bytesAreReadBareOrWithADecimalOrBinaryUnit() {
        assertThat(Quantities.bytes("268435456")).hasValue(268_435_456);
        assertThat(Quantities.bytes("8Gi")).hasValue(8L << 30);
        assertThat(Quantities.bytes("1G")).hasValue(1_000_000_000);
        assertThat(Quantities.bytes("512k")).hasValue(512_000);
        assertThat(Quantities.bytes("1.5Ki")).hasValue(1536);
        assertThat(Quantities.bytes("10GiB")).hasValue(10L << 30);
        assertThat(Quantities.bytes("0.1")).hasValue(1);
    }

    @Test
    void whatHasNoKnownUnitIsNoByteQuantity() {
        assertThat(Quantities.bytes("8Gx")).isEmpty();
        assertThat(Quantities.bytes("-1Gi")).isEmpty();
        assertThat(Quantities.bytes("Gi")).isEmpty();
        assertThat(Quantities.bytes("100000000Ti")).isEmpty();
    }

    @Test
    void quantitiesAreWrittenBackExactly() {
        assertThat(Quantities.cpu(4000)).isEqualTo("4");
        assertThat(Quantities.cpu(1500)).isEqualTo("1500m");
        assertThat(Quantities.cpu(0)).isEqualTo("0");
        assertThat(Quantities.bytes(8L << 30)).isEqualTo("8Gi");
        assertThat(Quantities.bytes(3L << 20)).isEqualTo("3Mi");
        assertThat(Quantities.bytes(1_000_000_000L)).isEqualTo("1000000000");
        assertThat(Quantities.bytes(0)).isEqualTo("0");
        for (long value : new long[] {1, 1023, 1024, 1536, 5L << 40, 123_456_789}) {
            assertThat(Quantities.bytes(Quantities.bytes(value))).hasValue(value);
        }
    }
}
