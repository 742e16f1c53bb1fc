package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsSha256() {
        Digest digest = Digest.parse("sha256:" + HEX);

        assertThat(digest.algorithm()).isEqualTo("sha256");
        assertThat(digest.hex()).isEqualTo(HEX);
        assertThat(digest).hasToString("sha256:" + HEX);
        assertThat(digest.shortHex()).isEqualTo("e3b0c44298fc");
    }

    @Test
    void hashesContent() {
        assertThat(Digest.sha256Of(new byte[0])).isEqualTo(Digest.sha256(HEX));
        assertThat(Digest.sha256Of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        HEX,                                // no algorithm
        "sha256:",                          // no hex
        "sha256:abc",                       // too short
        "sha256:" + HEX + "0",              // too long
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", // upper case
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // not hex
        "sha512:" + HEX,                    // another algorithm
        "SHA256:" + HEX,
        ":" + HEX,
    })
    void rejectsWhatIsNotASha256Digest(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tellsBareIdsApart() {
        assertThat(Digest.isSha256Hex(HEX)).isTrue();
        assertThat(Digest.isSha256Hex(HEX.substring(1))).isFalse();
        assertThat(Digest.isSha256Hex("sha256:" + HEX)).isFalse();
    }
}
