package dev.berth.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "library/busybox", "a", "team-a/app.web", "a__b", "a---b", "a_b.c-d/e",
        "x/y/z/w", "0", "manifests/blobs/uploads"})
    void acceptsRepositoryNamesOfTheGrammar(String name) {
        assertThat(new RepositoryName(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "a/", "/a", "a//b", "a..b", "a___b", "-a", "a-", "a_", ".a", "a:b",
        "a b", "a/B", "é"})
    void refusesOthersWithNameInvalid(String name) {
        assertThatThrownBy(() -> new RepositoryName(name)).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.NAME_INVALID);
    }

    @Test
    void refusesNamesLongerThanClientsAccept() {
        String longest = "a".repeat(RepositoryName.MAX_LENGTH);

        assertThat(new RepositoryName(longest).value()).hasSize(255);
        assertThatThrownBy(() -> new RepositoryName(longest + "a")).hasMessageContaining("1 to 255 characters");
    }

    static Stream<String> validTags() {
        return Stream.of("latest", "v1.2.3", "_", "1", "A_b-C.d", "a".repeat(128));
    }

    static Stream<String> invalidTags() {
        return Stream.of("", ".hidden", "-x", "a/b", "a:b", "a b", "a".repeat(129), "ü");
    }

    @ParameterizedTest
    @MethodSource("validTags")
    void acceptsTagsOfTheGrammar(String tag) {
        assertThat(Tag.isValid(tag)).isTrue();
        assertThat(new Tag(tag).value()).isEqualTo(tag);
    }

    @ParameterizedTest
    @MethodSource("invalidTags")
    void refusesOtherTagsWithManifestInvalid(String tag) {
        assertThat(Tag.isValid(tag)).isFalse();
        assertThatThrownBy(() -> new Tag(tag)).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.MANIFEST_INVALID);
    }

    @Test
    void readsReferencesAsTagsOrDigests() {
        String digest = "sha256:" + "0".repeat(64);

        assertThat(Reference.parse("v1")).isEqualTo(new Reference.ByTag(new Tag("v1")));
        assertThat(Reference.parse(digest)).isEqualTo(new Reference.ByDigest(Digest.parse(digest)));
        assertThat(Reference.parse(digest)).hasToString(digest);
        assertThatThrownBy(() -> Reference.parse("sha256:short")).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.DIGEST_INVALID);
    }

    @Test
    void bareMediaTypesDropParametersAndCase() {
        assertThat(MediaTypes.bare("application/vnd.oci.image.manifest.v1+json; charset=utf-8"))
                .isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(MediaTypes.bare("Application/JSON")).isEqualTo("application/json");
        assertThat(MediaTypes.bare(null)).isNull();
        assertThat(MediaTypes.bare(" ")).isNull();
    }
}
