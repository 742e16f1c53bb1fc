package dev.berth.internalauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalTokenTest {
    static final String VALUE = "q3Jm0cX8Rk2t1W9bLzY4vN6pHs5aUeGdFoIjKlMnBc0";

    @TempDir
    Path dir;

    @Test
    void readsTheFileWithoutItsNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("internal-token"), VALUE + "\n");

        InternalToken token = InternalToken.read(file);

        assertThat(token.value()).isEqualTo(VALUE);
        assertThat(token.matches(VALUE)).isTrue();
    }

    @Test
    void matchesOnlyTheSameValue() {
        InternalToken token = InternalToken.of(VALUE);

        assertThat(token.matches(VALUE.substring(0, VALUE.length() - 1) + "X")).as("last character wrong").isFalse();
        assertThat(token.matches(VALUE.substring(0, 10))).as("a prefix").isFalse();
        assertThat(token.matches(VALUE + "X")).as("longer").isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void aShortOrUnprintableTokenIsRefused() {
        assertThatThrownBy(() -> InternalToken.of("short")).isInstanceOf(InvalidInternalTokenException.class)
                .hasMessageContaining("at least 32 characters, not 5");
        assertThatThrownBy(() -> InternalToken.of(VALUE + " x")).isInstanceOf(InvalidInternalTokenException.class)
                .hasMessageContaining("character 44");
    }

    @Test
    void aMissingFileNamesItselfAndAnUnreadableOneIsGoneWithout() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> InternalToken.read(missing)).isInstanceOf(InvalidInternalTokenException.class)
                .hasMessageContaining("read(" + missing + ")");
        assertThat(InternalToken.readIfReadable(missing)).isNull();
    }

    @Test
    void isPresentedInItsHeaderOnlyWhenThereIsOne() {
        HttpRequest with = InternalToken.present(InternalToken.of(VALUE),
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/"))).build();
        HttpRequest without = InternalToken.present(null, HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")))
                .build();

        assertThat(with.headers().firstValue(InternalToken.HEADER)).contains(VALUE);
        assertThat(without.headers().map()).isEmpty();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(InternalToken.of(VALUE).toString()).doesNotContain(VALUE.substring(0, 8));
    }
}
