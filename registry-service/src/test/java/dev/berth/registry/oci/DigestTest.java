package dev.berth.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsSha256() {
        Digest digest = Digest.parse("sha256:" + EMPTY);

        assertThat(digest.hex()).isEqualTo(EMPTY);
        assertThat(digest).hasToString("sha256:" + EMPTY).isEqualTo(Digest.EMPTY);
    }

    @Test
    void hashesContent() {
        assertThat(Digest.sha256Of(new byte[0])).isEqualTo(Digest.EMPTY);
        assertThat(Digest.sha256Of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        EMPTY,                              // no algorithm
        "sha256:",                          // no hex
        "sha256:abc",                       // too short
        "sha256:" + EMPTY + "0",            // too long
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", // upper case
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // not hex
        "SHA256:" + EMPTY,                  // the algorithm is lower case
        ":" + EMPTY,
        "sha256:" + EMPTY + "/x",
    })
    void refusesWhatIsNotASha256Digest(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.DIGEST_INVALID);
    }

    @Test
    void refusesOtherAlgorithmsByName() {
        String sha512 = "sha512:" + "ab".repeat(64);

        assertThatThrownBy(() -> Digest.parse(sha512)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("'sha512' is not supported: only sha256");
    }

    @Test
    void tellsDigestReferencesFromTags() {
        assertThat(Digest.looksLikeDigest("sha256:" + EMPTY)).isTrue();
        assertThat(Digest.looksLikeDigest("sha256:nonsense")).isTrue();
        assertThat(Digest.looksLikeDigest("latest")).isFalse();
        assertThat(Digest.looksLikeDigest(":latest")).isFalse();
    }
}
