package dev.berth.cli;

import dev.berth.cli.args.ArgumentParser;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.HelpText;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.CommandGroup;
import dev.berth.cli.command.CommandContext;
import dev.berth.cli.http.AgentAddress;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.signal.JdkSignalTrap;
import dev.berth.cli.signal.SignalTrap;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code berth} command. It reads the top-level flags, finds the verb, parses the verb's own flags, runs it, and
 * reports a failure as Docker would: {@code berth: <message>} on stderr and the verb's failure exit code (125 for
 * run and create, 1 otherwise).
 *
 * <p>Everything the process provides (streams, environment, signals, clock) comes in through the constructor and the
 * exit code is returned, so the whole CLI can run inside a test.
 */
public final class Berth {

    private static final CommandSpec TOP = new CommandSpec("", "[OPTIONS] COMMAND",
            "Run and manage containers on a Berth node agent, and apps on the cluster's scheduler, with"
                    + " Docker's verbs",
            List.of(
                    Flag.value("host", 'H', "string", "Node agent, or api-gateway with a token, to connect to"
                            + " (default $BERTH_HOST, then ~/.berth/config.json, then " + AgentAddress.DEFAULT + ")"),
                    Flag.bool("version", 'v', "Print version information and quit")),
            0, CommandSpec.UNLIMITED, true, 125);

    /** How the JDK words EPIPE; HTTP failures never arrive here raw, so this is stdout or stderr. */
    private static final String BROKEN_PIPE = "Broken pipe";
    private static final int SIGPIPE_EXIT_CODE = 128 + 13;

    private final Console console;
    private final Map<String, String> environment;
    private final SignalTrap signals;
    private final Clock clock;

    public Berth(Console console, Map<String, String> environment, SignalTrap signals, Clock clock) {
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.signals = signals;
        this.clock = clock;
    }

    public static void main(String[] args) {
        int exitCode = new Berth(Console.system(), System.getenv(), new JdkSignalTrap(), Clock.systemUTC()).run(args);
        System.exit(exitCode);
    }

    /** Runs one command line and returns its exit code; all output is flushed when it returns. */
    public int run(String... args) {
        try {
            return dispatch(List.of(args));
        } finally {
            console.flush();
        }
    }

    private int dispatch(List<String> words) {
        ParsedArgs top;
        try {
            top = ArgumentParser.parse(TOP, words);
        } catch (UsageException e) {
            return usageError(TOP, e);
        }
        if (top.flag("version")) {
            console.out().println("Berth version " + ClientVersion.current());
            return 0;
        }
        if (top.helpRequested() || top.arguments().isEmpty()) {
            console.out().print(generalHelp());
            return 0;
        }
        String verb = top.argument(0);
        List<String> rest = top.arguments().subList(1, top.arguments().size());
        if (verb.equals("help")) {
            return help(rest);
        }
        Command command = Verbs.find(verb);
        if (command != null) {
            return execute(command, rest, top.value("host"));
        }
        CommandGroup group = Verbs.group(verb);
        if (group != null) {
            return inGroup(group, rest, top.value("host"));
        }
        return unknownVerb(verb);
    }

    /**
     * {@code berth network ls -q}: the group's command runs as a verb of its own. The group alone, or with
     * {@code --help}, shows its commands; anything else is an error that shows them too.
     */
    private int inGroup(CommandGroup group, List<String> words, @Nullable String host) {
        if (words.isEmpty() || isHelp(words.getFirst())) {
            console.out().print(groupHelp(group));
            return 0;
        }
        String word = words.getFirst();
        Command command = group.find(word);
        if (command == null) {
            PrintStream err = console.err();
            CommandSpec spec = group.spec();
            err.println(spec.command() + ": " + (word.startsWith("-")
                    ? "unknown flag: " + word
                    : "'" + word + "' is not a " + spec.command() + " command."));
            err.println();
            err.print(groupHelp(group));
            return spec.failureExitCode();
        }
        return execute(command, words.subList(1, words.size()), host);
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    private int execute(Command command, List<String> words, @Nullable String host) {
        CommandSpec spec = command.spec();
        try (CommandContext context = new CommandContext(console, () -> Endpoint.resolve(host, environment),
                environment, signals, clock)) {
            ParsedArgs args = ArgumentParser.parse(spec, words);
            if (args.helpRequested()) {
                console.out().print(HelpText.forVerb(spec));
                return 0;
            }
            return command.run(args, context);
        } catch (UsageException e) {
            return usageError(spec, e);
        } catch (CliException e) {
            console.err().println("berth: " + e.getMessage());
            return spec.failureExitCode();
        } catch (IOException e) {
            if (BROKEN_PIPE.equals(e.getMessage())) {
                // `berth logs web | head`: the reader has left. Stop quietly, as a process killed by SIGPIPE would.
                return SIGPIPE_EXIT_CODE;
            }
            console.err().println("berth: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return spec.failureExitCode();
        }
    }

    /** {@code berth help}, {@code berth help VERB}, {@code berth help network} and {@code berth help network ls}. */
    private int help(List<String> topics) {
        if (topics.isEmpty()) {
            console.out().print(generalHelp());
            return 0;
        }
        CommandGroup group = Verbs.group(topics.getFirst());
        if (group != null) {
            // As `berth network ls --help`, which shows the command's help or says there is no such command.
            return inGroup(group, topics.size() > 1 ? List.of(topics.get(1), "--help") : List.of(), null);
        }
        Command command = Verbs.find(topics.getFirst());
        if (command == null) {
            return unknownVerb(topics.getFirst());
        }
        console.out().print(HelpText.forVerb(command.spec()));
        return 0;
    }

    private static String generalHelp() {
        return HelpText.general(TOP, Verbs.groupSpecs(), Verbs.specs());
    }

    private static String groupHelp(CommandGroup group) {
        return HelpText.forGroup(group.spec(), group.commands().stream().map(Command::spec).toList());
    }

    private int unknownVerb(String verb) {
        PrintStream err = console.err();
        err.println("berth: '" + verb + "' is not a berth command.");
        err.println("See 'berth --help'.");
        err.println();
        err.println("Management Commands:");
        err.print(HelpText.verbList(Verbs.groupSpecs()));
        err.println();
        err.println("Commands:");
        err.print(HelpText.verbList(Verbs.specs()));
        return 1;
    }

    private int usageError(CommandSpec spec, UsageException e) {
        PrintStream err = console.err();
        err.println(spec.command() + ": " + e.getMessage());
        err.println("See '" + spec.command() + " --help'.");
        if (e.showsUsage()) {
            err.println();
            err.println(HelpText.usageLine(spec));
            err.println();
            err.println(spec.description());
        }
        return spec.failureExitCode();
    }
}
