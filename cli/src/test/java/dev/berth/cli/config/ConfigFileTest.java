package dev.berth.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path home;

    private ConfigFile file() {
        return ConfigFile.of(Map.of("HOME", home.toString()));
    }

    @Test
    void noFileReadsAsNeitherHostNorToken() {
        assertThat(file().read()).isEqualTo(new ConfigFile.Settings(null, null));
        assertThat(file().path()).isEqualTo(home.resolve(".berth/config.json"));
    }

    @Test
    void aLoginCreatesTheDirectory700AndTheFile600WithHostAndToken() throws Exception {
        file().login("http://127.0.0.1:7750", "berth_0123456789abcdef_secret");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".berth"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().path())))
                .isEqualTo("rw-------");
        assertThat(file().read()).isEqualTo(new ConfigFile.Settings("http://127.0.0.1:7750",
                "berth_0123456789abcdef_secret"));
        try (var entries = Files.list(home.resolve(".berth"))) {
            assertThat(entries).containsExactly(file().path());
        }
    }

    @Test
    void aLoginKeepsWhatElseTheFileSaysAndMakesAnOpenFilePrivate() throws Exception {
        Files.createDirectories(home.resolve(".berth"));
        Files.writeString(home.resolve(".berth/config.json"), "{\"host\": \"http://agent:7700\", \"colour\": true}");
        Files.setPosixFilePermissions(home.resolve(".berth/config.json"), PosixFilePermissions.fromString("rw-r--r--"));

        file().login("http://gateway:7750", "berth_1_a");

        assertThat(Files.readString(file().path())).contains("\"colour\" : true").contains("berth_1_a");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().path())))
                .isEqualTo("rw-------");
        assertThat(file().read().host()).isEqualTo("http://gateway:7750");
    }

    @Test
    void aLogoutRemovesTheTokenAndItsHostAndSaysWhichHost() throws Exception {
        file().login("http://gateway:7750", "berth_1_a");

        assertThat(file().logout()).isEqualTo("http://gateway:7750");
        assertThat(file().read()).isEqualTo(new ConfigFile.Settings(null, null));
        assertThat(file().logout()).isNull();
    }

    @Test
    void aBrokenFileIsNamedInTheError() throws Exception {
        Files.createDirectories(home.resolve(".berth"));
        Files.writeString(home.resolve(".berth/config.json"), "{\"token\": ");

        assertThatThrownBy(() -> file().read()).isInstanceOf(CliException.class)
                .hasMessageContaining(file().path().toString()).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> file().login("http://gateway:7750", "berth_1_a")).isInstanceOf(CliException.class);
        assertThat(Files.readString(file().path())).isEqualTo("{\"token\": ");
    }
}
