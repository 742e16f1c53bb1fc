package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Docker's {@code sortorder.NaturalLess}: numbers by value, digits before other characters. */
class NaturalOrderTest {

    private static List<String> sorted(String... texts) {
        return Stream.of(texts).sorted(NaturalOrder.INSTANCE).toList();
    }

    @Test
    void numbersCompareByValue() {
        assertThat(sorted("net10", "net2", "net1")).containsExactly("net1", "net2", "net10");
        assertThat(sorted("9000/tcp -> 0.0.0.0:9000", "80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443"))
                .containsExactly("80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443", "9000/tcp -> 0.0.0.0:9000");
        assertThat(sorted("127.0.0.1:9", "10.0.0.1:9", "127.0.0.1:10"))
                .containsExactly("10.0.0.1:9", "127.0.0.1:9", "127.0.0.1:10");
    }

    @Test
    void digitsComeFirstThenCharacterOrderThenTheShorter() {
        assertThat(sorted("bridge", "Bridge", "1net", "none", "host", "b"))
                .containsExactly("1net", "Bridge", "b", "bridge", "host", "none");
    }

    @Test
    void equalNumbersWithFewerLeadingZerosComeFirst() {
        assertThat(sorted("a010", "a10", "a9")).containsExactly("a9", "a10", "a010");
        assertThat(NaturalOrder.INSTANCE.compare("a10b", "a10b")).isZero();
    }
}
