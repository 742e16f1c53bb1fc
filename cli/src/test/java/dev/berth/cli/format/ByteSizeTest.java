package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Docker's sizes: go-units HumanSizeWithPrecision(3) for images and BytesSize for memory, digits as Go's %g. */
class ByteSizeTest {

    @Test
    void imageSizesUseDecimalUnitsAndThreeDigits() {
        assertThat(ByteSize.decimal(0)).isEqualTo("0B");
        assertThat(ByteSize.decimal(999)).isEqualTo("999B");
        assertThat(ByteSize.decimal(1000)).isEqualTo("1kB");
        assertThat(ByteSize.decimal(512_000)).isEqualTo("512kB");
        assertThat(ByteSize.decimal(2_140_000)).isEqualTo("2.14MB");
        assertThat(ByteSize.decimal(2_097_152)).isEqualTo("2.1MB");
        assertThat(ByteSize.decimal(1_200_000_000)).isEqualTo("1.2GB");
        assertThat(ByteSize.decimal(4_443_000)).isEqualTo("4.44MB");
        assertThat(ByteSize.decimal(72_800_000)).isEqualTo("72.8MB");
    }

    @Test
    void roundingUpToTheNextPowerOfTenSwitchesToExponentFormAsGoDoes() {
        assertThat(ByteSize.decimal(999_950)).isEqualTo("1e+03kB");
    }

    @Test
    void memoryUsesBinaryUnitsAndFourDigits() {
        assertThat(ByteSize.binary(0)).isEqualTo("0B");
        assertThat(ByteSize.binary(1023)).isEqualTo("1023B");
        assertThat(ByteSize.binary(1024)).isEqualTo("1KiB");
        assertThat(ByteSize.binary(1_258_291)).isEqualTo("1.2MiB");
        assertThat(ByteSize.binary(1_228_800)).isEqualTo("1.172MiB");
        assertThat(ByteSize.binary(67_108_864)).isEqualTo("64MiB");
        assertThat(ByteSize.binary(25_275_346_944L)).isEqualTo("23.54GiB");
    }

    @Test
    void significantDigitsFollowGo() {
        assertThat(ByteSize.significant(0.0001, 3)).isEqualTo("0.0001");
        assertThat(ByteSize.significant(0.00001234, 3)).isEqualTo("1.23e-05");
        assertThat(ByteSize.significant(123.456, 4)).isEqualTo("123.5");
        assertThat(ByteSize.significant(12345, 3)).isEqualTo("1.23e+04");
        assertThat(ByteSize.significant(100, 3)).isEqualTo("100");
    }
}
