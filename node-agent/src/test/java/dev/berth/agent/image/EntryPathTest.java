package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPathTest {

    @ParameterizedTest
    @CsvSource({
        "./bin/sh,          bin/sh",
        "bin/sh,            bin/sh",
        "./usr//lib/./x/,   usr/lib/x",
        "a/../b,            b",
        "a/b/../../c,       c",
        "./,                .",
        ".,                 .",
        "a/..,              .",
        "..foo/bar..,       ..foo/bar..",
    })
    void normalisesRelativeNames(String name, String normalised) {
        assertThat(EntryPath.of(name)).hasToString(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "./../x", "a/../../x", "a/b/../../../x", "../"})
    void refusesNamesThatClimbOut(String name) {
        assertThatThrownBy(() -> EntryPath.of(name))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessage("entry '" + name + "' escapes the root");
    }

    @Test
    void refusesAbsoluteAndEmptyNames() {
        assertThatThrownBy(() -> EntryPath.of("/etc/passwd"))
                .isInstanceOf(InvalidLayerException.class).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> EntryPath.of("")).isInstanceOf(InvalidLayerException.class);
    }

    @Test
    void checksHardLinkTargets() {
        assertThat(EntryPath.linkTarget("b", "./bin/busybox")).hasToString("bin/busybox");
        assertThatThrownBy(() -> EntryPath.linkTarget("b", "/bin/busybox"))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessage("hard link 'b' points to '/bin/busybox', an absolute path; it must name an earlier"
                        + " entry of the archive");
        assertThatThrownBy(() -> EntryPath.linkTarget("b", "x/../../y"))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessage("hard link 'b' points to 'x/../../y', which escapes the root");
    }

    @Test
    void knowsItsParts() {
        EntryPath path = EntryPath.of("usr/bin/env");

        assertThat(path.components()).isEqualTo(List.of("usr", "bin", "env"));
        assertThat(path.first()).isEqualTo("usr");
        assertThat(path.fileName()).isEqualTo("env");
        assertThat(path.parent()).hasToString("usr/bin");
        assertThat(path.depth()).isEqualTo(3);
        assertThat(EntryPath.ROOT.isRoot()).isTrue();
        assertThat(EntryPath.ROOT.parent()).isEqualTo(EntryPath.ROOT);
    }
}
