package dev.berth.cli.args;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a verb accepts and how it fails: its flags, how many arguments it takes, whether flag parsing stops at the
 * first argument, and the exit code of its usage and agent errors. The same declaration drives the parser and the
 * help text, so they cannot disagree.
 *
 * @param name the verb ({@code run}); empty for the top-level {@code berth} command
 * @param arguments the argument part of the usage line, e.g. {@code [OPTIONS] CONTAINER [CONTAINER...]}
 * @param description one line, shown in the verb list and under the usage line
 * @param flags the flags, besides {@code --help}
 * @param minArguments the fewest arguments
 * @param maxArguments the most arguments, {@link #UNLIMITED} for no limit
 * @param stopsAtFirstArgument whether everything after the first argument belongs to it, as {@code run IMAGE CMD...}
 *     needs so that {@code berth run busybox ls -l} passes {@code -l} to the container
 * @param failureExitCode what the verb exits with on a usage or agent error (Docker uses 125 for run and create)
 */
public record CommandSpec(
        String name,
        String arguments,
        String description,
        List<Flag> flags,
        int minArguments,
        int maxArguments,
        boolean stopsAtFirstArgument,
        int failureExitCode) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public CommandSpec {
        flags = List.copyOf(flags);
        if (minArguments < 0 || maxArguments < minArguments) {
            throw new IllegalArgumentException(
                    "bad argument count for " + name + ": " + minArguments + ".." + maxArguments);
        }
        for (int i = 0; i < flags.size(); i++) {
            for (int j = i + 1; j < flags.size(); j++) {
                Flag a = flags.get(i);
                Flag b = flags.get(j);
                if (a.name().equals(b.name()) || (a.shorthand() != null && a.shorthand().equals(b.shorthand()))) {
                    throw new IllegalArgumentException("flags " + a.label() + " and " + b.label() + " collide");
                }
            }
        }
    }

    /** A verb with no flags that takes any number of arguments and exits 1 on errors. */
    public static CommandSpec verb(String name, String arguments, String description) {
        return new CommandSpec(name, arguments, description, List.of(), 0, UNLIMITED, false, 1);
    }

    public CommandSpec flags(Flag... flags) {
        return new CommandSpec(name, arguments, description, List.of(flags), minArguments, maxArguments,
                stopsAtFirstArgument, failureExitCode);
    }

    public CommandSpec flags(List<Flag> flags) {
        return flags(flags.toArray(Flag[]::new));
    }

    public CommandSpec arguments(int min, int max) {
        return new CommandSpec(name, arguments, description, flags, min, max, stopsAtFirstArgument,
                failureExitCode);
    }

    public CommandSpec atLeast(int min) {
        return arguments(min, UNLIMITED);
    }

    public CommandSpec exactly(int count) {
        return arguments(count, count);
    }

    public CommandSpec noArguments() {
        return arguments(0, 0);
    }

    public CommandSpec stopAtFirstArgument() {
        return new CommandSpec(name, arguments, description, flags, minArguments, maxArguments, true,
                failureExitCode);
    }

    public CommandSpec failingWith(int exitCode) {
        return new CommandSpec(name, arguments, description, flags, minArguments, maxArguments,
                stopsAtFirstArgument, exitCode);
    }

    /** The command as the user typed it: {@code berth run}, or {@code berth} at the top level. */
    public String command() {
        return name.isEmpty() ? "berth" : "berth " + name;
    }

    public @Nullable Flag flag(String longName) {
        for (Flag flag : flags) {
            if (flag.name().equals(longName)) {
                return flag;
            }
        }
        return null;
    }

    public @Nullable Flag shorthand(char letter) {
        for (Flag flag : flags) {
            if (Objects.equals(flag.shorthand(), letter)) {
                return flag;
            }
        }
        return null;
    }
}
