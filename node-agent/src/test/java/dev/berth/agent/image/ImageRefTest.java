package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
        "busybox,                               busybox,                       latest",
        "busybox:1.36,                          busybox,                       1.36",
        "library/busybox:stable-glibc,          library/busybox,               stable-glibc",
        "registry.local:5000/team/app:1.2,      registry.local:5000/team/app,  1.2",
        "registry.local:5000/team/app,          registry.local:5000/team/app,  latest",
        "localhost/app,                         localhost/app,                 latest",
        "localhost:5000/app:v1,                 localhost:5000/app,            v1",
        "Registry.Example.com/app,              Registry.Example.com/app,      latest",
        "my_app__x.y-z--w,                      my_app__x.y-z--w,              latest",
        "app:_private.Tag-1,                    app,                           _private.Tag-1",
        "a1b2c3d4e5f6,                          a1b2c3d4e5f6,                  latest",
    })
    void parsesNamesOfTheOciGrammar(String text, String repository, String tag) {
        ImageRef ref = ImageRef.parse(text);

        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "BusyBox",                  // upper case outside the host
        "busybox:",                 // empty tag
        ":latest",                  // empty name
        "busybox:.hidden",          // a tag starts with a word character
        "busybox:-dash",
        "busybox:a/b",
        "/busybox",
        "busybox/",
        "team//app",
        "-app",
        "app-",
        "app_",
        "a___b",
        "app.",
        "a b",
        "host:port/app",            // a port is digits
        "busybox@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // an id is not a name
    })
    void rejectsWhatIsNotAName(String text) {
        assertThatThrownBy(() -> ImageRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void limitsTagsTo128AndNamesTo255Characters() {
        assertThat(ImageRef.parse("app:" + "t".repeat(128)).tag()).hasSize(128);
        assertThatThrownBy(() -> ImageRef.parse("app:" + "t".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("up to 128");
        assertThat(ImageRef.parse("a".repeat(255)).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageRef.parse("a".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 255");
    }
}
