package dev.berth.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

    /** Shaped like run: flags, then IMAGE, then the container's own arguments. */
    private static final CommandSpec RUN = CommandSpec.verb("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Run")
            .flags(
                    Flag.bool("detach", 'd', "detach"),
                    Flag.bool("rm", null, "remove"),
                    Flag.bool("tty", 't', "tty"),
                    Flag.value("name", null, "string", "name"),
                    Flag.value("hostname", 'h', "string", "hostname"),
                    Flag.value("pids-limit", null, "int", "pids"),
                    Flag.value("cpus", null, "decimal", "cpus"),
                    Flag.list("env", 'e', "env"))
            .atLeast(1)
            .stopAtFirstArgument()
            .failingWith(125);

    /** Shaped like rm: flags may come anywhere. */
    private static final CommandSpec RM = CommandSpec.verb("rm", "[OPTIONS] CONTAINER [CONTAINER...]", "Remove")
            .flags(Flag.bool("force", 'f', "force"), Flag.bool("all", 'a', "all"), Flag.value("time", 't', "int", "t"))
            .atLeast(1);

    private static ParsedArgs run(String... words) {
        return ArgumentParser.parse(RUN, List.of(words));
    }

    private static ParsedArgs rm(String... words) {
        return ArgumentParser.parse(RM, List.of(words));
    }

    @Test
    void longFlagsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        assertThat(run("--name", "web", "busybox").value("name")).isEqualTo("web");
        assertThat(run("--name=web", "busybox").value("name")).isEqualTo("web");
        assertThat(run("--name=", "busybox").value("name")).isEmpty();
        assertThat(run("--name=a=b", "busybox").value("name")).isEqualTo("a=b");
    }

    @Test
    void shortFlagsTakeTheirValueSeparateAttachedOrAfterEquals() {
        assertThat(run("-e", "K=V", "busybox").values("env")).containsExactly("K=V");
        assertThat(run("-eK=V", "busybox").values("env")).containsExactly("K=V");
        assertThat(run("-e=K=V", "busybox").values("env")).containsExactly("K=V");
        assertThat(run("-h", "web", "busybox").value("hostname")).isEqualTo("web");
    }

    @Test
    void repeatableFlagsKeepEveryValueInOrderAndSingleOnesKeepTheLast() {
        ParsedArgs args = run("-e", "A=1", "--env", "B=2", "--env=C=3", "--name", "one", "--name", "two", "busybox");

        assertThat(args.values("env")).containsExactly("A=1", "B=2", "C=3");
        assertThat(args.value("name")).isEqualTo("two");
        assertThat(args.values("name")).containsExactly("two");
    }

    @Test
    void booleanShortsCombineAndMayEndWithAValueFlag() {
        ParsedArgs args = run("-dt", "busybox");
        assertThat(args.flag("detach")).isTrue();
        assertThat(args.flag("tty")).isTrue();
        assertThat(args.flag("rm")).isFalse();

        ParsedArgs withValue = run("-dte", "A=1", "busybox");
        assertThat(withValue.flag("detach")).isTrue();
        assertThat(withValue.values("env")).containsExactly("A=1");

        assertThat(run("-deA=1", "busybox").values("env")).containsExactly("A=1");
        assertThat(rm("-fa", "x").flag("force")).isTrue();
        assertThat(rm("-fa", "x").flag("all")).isTrue();
    }

    @Test
    void switchesAcceptAnExplicitValue() {
        assertThat(run("--rm=false", "busybox").flag("rm")).isFalse();
        assertThat(run("--rm=false", "busybox").has("rm")).isTrue();
        assertThat(run("--rm", "--rm=true", "busybox").flag("rm")).isTrue();
        assertThat(run("-d=false", "busybox").flag("detach")).isFalse();
        assertThatThrownBy(() -> run("--rm=yes", "busybox"))
                .hasMessage("invalid argument \"yes\" for \"--rm\" flag: not true or false");
    }

    @Test
    void runStopsParsingAtTheImageSoTheContainerGetsItsFlags() {
        ParsedArgs args = run("-d", "busybox", "ls", "-l", "--name", "x", "--", "-d");

        assertThat(args.arguments()).containsExactly("busybox", "ls", "-l", "--name", "x", "--", "-d");
        assertThat(args.flag("detach")).isTrue();
        assertThat(args.has("name")).isFalse();
    }

    @Test
    void otherVerbsTakeFlagsAfterTheirArguments() {
        ParsedArgs args = rm("web", "-f", "db");

        assertThat(args.arguments()).containsExactly("web", "db");
        assertThat(args.flag("force")).isTrue();
    }

    @Test
    void doubleDashEndsTheFlags() {
        assertThat(rm("-f", "--", "-web", "--all").arguments()).containsExactly("-web", "--all");
        assertThat(rm("--", "-f").flag("force")).isFalse();
        assertThat(run("--", "-image-").arguments()).containsExactly("-image-");
        assertThat(run("-d", "--", "busybox", "--rm").flag("rm")).isFalse();
    }

    @Test
    void aLoneDashIsAnArgument() {
        assertThat(rm("-").arguments()).containsExactly("-");
    }

    @Test
    void aValueFlagTakesTheNextWordWhateverItLooksLike() {
        assertThat(run("--name", "--rm", "busybox").value("name")).isEqualTo("--rm");
        assertThat(run("--name", "--rm", "busybox").flag("rm")).isFalse();
    }

    @Test
    void unknownFlagsAreNamedAsDockerNamesThem() {
        assertThatThrownBy(() -> run("--foo", "busybox"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown flag: --foo");
        assertThatThrownBy(() -> run("--foo=bar", "busybox")).hasMessage("unknown flag: --foo");
        assertThatThrownBy(() -> run("-dx", "busybox")).hasMessage("unknown shorthand flag: 'x' in -dx");
        assertThat(RUN.failureExitCode()).isEqualTo(125);
        assertThat(RM.failureExitCode()).isEqualTo(1);
    }

    @Test
    void aMissingValueIsAnError() {
        assertThat(run("busybox", "--name").arguments()).containsExactly("busybox", "--name");
        assertThatThrownBy(() -> run("--name")).hasMessage("flag needs an argument: --name");
        assertThatThrownBy(() -> run("-e")).hasMessage("flag needs an argument: 'e' in -e");
        assertThatThrownBy(() -> run("-de")).hasMessage("flag needs an argument: 'e' in -e");
    }

    @Test
    void typedValuesAreCheckedWhenRead() {
        assertThat(run("--pids-limit", "100", "busybox").intValue("pids-limit")).isEqualTo(100);
        assertThat(run("--cpus", "0.5", "busybox").decimalValue("cpus")).isEqualByComparingTo("0.5");
        assertThat(run("busybox").intValue("pids-limit")).isNull();
        assertThatThrownBy(() -> run("--pids-limit", "many", "busybox").intValue("pids-limit"))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid argument \"many\" for \"--pids-limit\" flag: not an integer");
        assertThatThrownBy(() -> rm("-t", "soon", "x").intValue("time"))
                .hasMessage("invalid argument \"soon\" for \"-t, --time\" flag: not an integer");
    }

    @Test
    void argumentCountsAreChecked() {
        assertThatThrownBy(() -> run()).isInstanceOf(UsageException.class)
                .hasMessage("requires at least 1 argument.")
                .matches(e -> ((UsageException) e).showsUsage());
        CommandSpec logs = CommandSpec.verb("logs", "CONTAINER", "Logs").exactly(1);
        assertThatThrownBy(() -> ArgumentParser.parse(logs, List.of("a", "b")))
                .hasMessage("requires exactly 1 argument.");
        CommandSpec ps = CommandSpec.verb("ps", "", "List").noArguments();
        assertThatThrownBy(() -> ArgumentParser.parse(ps, List.of("a"))).hasMessage("accepts no arguments.");
        CommandSpec importing = CommandSpec.verb("import", "FILE [NAME]", "Import").arguments(1, 2);
        assertThatThrownBy(() -> ArgumentParser.parse(importing, List.of("a", "b", "c")))
                .hasMessage("requires at least 1 and at most 2 arguments.");
    }

    @Test
    void helpIsRecognisedAnywhereBeforeTheImageAndSkipsTheArgumentCheck() {
        assertThat(run("--help").helpRequested()).isTrue();
        assertThat(rm("-h").helpRequested()).isTrue();
        assertThat(rm("web", "--help").helpRequested()).isTrue();
        // run uses -h for the hostname, and after the image --help is the container's.
        assertThat(run("-h", "x", "busybox").helpRequested()).isFalse();
        assertThat(run("busybox", "--help").helpRequested()).isFalse();
    }

    @Test
    void flagsThatCollideAreRejectedWhenDeclared() {
        assertThatThrownBy(() -> CommandSpec.verb("x", "", "x")
                .flags(Flag.bool("all", 'a', "a"), Flag.bool("attach", 'a', "b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
