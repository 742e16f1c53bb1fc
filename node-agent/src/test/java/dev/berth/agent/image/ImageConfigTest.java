package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageConfigTest {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private final ImageConfig base = ImageConfig.defaults(null);

    private ImageConfig change(String... lines) {
        return base.withChanges(List.of(lines));
    }

    @Test
    void defaultsGiveAPathAndTheCommand() {
        assertThat(ImageConfig.defaults(List.of("sh"))).isEqualTo(
                new ImageConfig(List.of(PATH), List.of(), List.of("sh"), "", ""));
        assertThat(base.cmd()).isEmpty();
    }

    @Test
    void cmdInJsonFormIsTakenAsIs() {
        assertThat(change("CMD [\"echo\", \"hello world\"]").cmd()).containsExactly("echo", "hello world");
        assertThat(change("cmd []").cmd()).isEmpty();
    }

    @Test
    void cmdInShellFormRunsUnderSh() {
        assertThat(change("CMD echo $HOME && ls").cmd()).containsExactly("/bin/sh", "-c", "echo $HOME && ls");
    }

    @Test
    void aBracketThatIsNotAJsonArrayOfStringsIsShellFormAsInDocker() {
        assertThat(change("CMD [\"echo\" \"hi\"]").cmd()).containsExactly("/bin/sh", "-c", "[\"echo\" \"hi\"]");
        assertThat(change("CMD [1, 2]").cmd()).containsExactly("/bin/sh", "-c", "[1, 2]");
    }

    @Test
    void entrypointInBothForms() {
        assertThat(change("ENTRYPOINT [\"/bin/httpd\", \"-f\"]").entrypoint()).containsExactly("/bin/httpd", "-f");
        assertThat(change("ENTRYPOINT exec httpd").entrypoint()).containsExactly("/bin/sh", "-c", "exec httpd");
    }

    @Test
    void entrypointClearsAnInheritedCmdButKeepsOneSetBeforeIt() {
        ImageConfig withCmd = ImageConfig.defaults(List.of("sh"));

        assertThat(withCmd.withChanges(List.of("ENTRYPOINT [\"httpd\"]")).cmd()).isEmpty();
        ImageConfig both = withCmd.withChanges(List.of("CMD [\"-f\"]", "ENTRYPOINT [\"httpd\"]"));
        assertThat(both.entrypoint()).containsExactly("httpd");
        assertThat(both.cmd()).containsExactly("-f");
    }

    @Test
    void envSetsAndReplacesVariables() {
        ImageConfig config = change("ENV A=1 B=\"two words\" C='$literal'", "ENV A=3", "ENV D four five");

        assertThat(config.env()).containsExactly(PATH, "A=3", "B=two words", "C=$literal", "D=four five");
    }

    @Test
    void envExpandsVariablesAsTheyWereBeforeTheLine() {
        ImageConfig config = change("ENV PATH=/app/bin:$PATH HOME=/root", "ENV X=${HOME}/x Y=\\$HOME");

        assertThat(config.env()).containsExactly("PATH=/app/bin:" + PATH.substring(5), "HOME=/root",
                "X=/root/x", "Y=$HOME");
    }

    @Test
    void workdirIsMadeAbsoluteAgainstThePreviousOne() {
        assertThat(change("WORKDIR /srv/app").workingDir()).isEqualTo("/srv/app");
        assertThat(change("WORKDIR /srv", "WORKDIR app/../www").workingDir()).isEqualTo("/srv/www");
        assertThat(change("WORKDIR data").workingDir()).isEqualTo("/data");
        assertThat(change("ENV BASE=/opt", "WORKDIR $BASE/app").workingDir()).isEqualTo("/opt/app");
    }

    @Test
    void userTakesOneWord() {
        assertThat(change("USER 1000:1000").user()).isEqualTo("1000:1000");
        assertThat(change("user nobody").user()).isEqualTo("nobody");
    }

    @Test
    void leavesTheRestOfTheConfigAlone() {
        ImageConfig config = change("USER nobody");

        assertThat(config.env()).isEqualTo(base.env());
        assertThat(config.cmd()).isEqualTo(base.cmd());
        assertThat(config.workingDir()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RUN apt-get update", "VOLUME /data", "FROM busybox", "HEALTHCHECK NONE"})
    void refusesOtherInstructionsByName(String line) {
        assertThatThrownBy(() -> change(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported change '" + line
                        + "': only CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE and LABEL can be changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "CMD", "ENTRYPOINT  ", "ENV", "ENV KEY", "ENV A=1 B", "ENV =x", "USER",
        "USER a b", "WORKDIR", "ENV A=\"open", "ENV A='open", "ENV A=${B:-x}", "EXPOSE", "EXPOSE 0", "EXPOSE 70000",
        "EXPOSE http", "EXPOSE 80/icmp", "LABEL", "LABEL novalue", "LABEL =x"})
    void refusesMalformedLines(String line) {
        assertThatThrownBy(() -> change(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid change '" + line + "'");
    }

    @Test
    void exposeAddsPortsWithTcpAsTheDefaultProtocol() {
        ImageConfig config = change("EXPOSE 80 53/udp", "EXPOSE 443/TCP 80");

        assertThat(config.exposedPorts()).containsExactly("443/tcp", "53/udp", "80/tcp");
        assertThat(config.cmd()).isEqualTo(base.cmd());
    }

    @Test
    void labelSetsKeysWithQuotesAndVariables() {
        ImageConfig config = change("ENV WHO=ops", "LABEL team=$WHO \"description=a web server\"",
                "LABEL team=web");

        assertThat(config.labels()).containsExactly(java.util.Map.entry("description", "a web server"),
                java.util.Map.entry("team", "web"));
    }
}
