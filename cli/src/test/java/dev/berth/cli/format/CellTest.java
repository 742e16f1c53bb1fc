package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellTest {

    @Test
    void shortIdsAreTwelveHexDigitsWithoutTheAlgorithm() {
        assertThat(Cell.shortId("sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741"))
                .isEqualTo("3f57d9401f8d");
        assertThat(Cell.shortId("4f3c2b1a00000000000000000000000000000000000000000000000000000000"))
                .isEqualTo("4f3c2b1a0000");
        assertThat(Cell.shortId("abc")).isEqualTo("abc");
    }

    @Test
    void commandsAreCutToTwentyCharactersEllipsisIncluded() {
        assertThat(Cell.ellipsis("sleep 100", 20)).isEqualTo("sleep 100");
        assertThat(Cell.ellipsis("12345678901234567890", 20)).isEqualTo("12345678901234567890");
        assertThat(Cell.ellipsis("123456789012345678901", 20)).isEqualTo("1234567890123456789…");
        assertThat(Cell.ellipsis("/bin/sh -c 'while true; do date; done'", 20)).isEqualTo("/bin/sh -c 'while t…");
        assertThat(Cell.ellipsis("/bin/sh -c 'while true; do date; done'", 20).codePointCount(0, 20)).isEqualTo(20);
    }

    @Test
    void quotingFollowsGo() {
        assertThat(Cell.quoted("sleep 100")).isEqualTo("\"sleep 100\"");
        assertThat(Cell.quoted("echo \"hi\" \\ there")).isEqualTo("\"echo \\\"hi\\\" \\\\ there\"");
        assertThat(Cell.quoted("a\tb\nc")).isEqualTo("\"a\\tb\\nc\"");
        assertThat(Cell.quoted("\u0001")).isEqualTo("\"\\x01\"");
        assertThat(Cell.quoted("café…")).isEqualTo("\"café…\"");
    }
}
