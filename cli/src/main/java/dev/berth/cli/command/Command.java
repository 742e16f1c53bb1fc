package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import java.io.IOException;

/**
 * One verb of the {@code berth} command. Its {@link #spec()} declares the flags and arguments; {@link #run} gets them
 * parsed and returns the exit code. Failures it does not handle itself propagate as exceptions, and the dispatcher
 * prints them and exits with the spec's failure code.
 */
public interface Command {

    CommandSpec spec();

    int run(ParsedArgs args, CommandContext context) throws IOException;
}
