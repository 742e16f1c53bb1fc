package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A management command such as {@code berth network}: a noun whose verbs are commands of their own
 * ({@code berth network ls}), listed apart in the help as Docker lists them. Its {@link #spec()} names it and
 * describes it; each command's spec is named with the group's name first ({@code network ls}), so that its usage
 * line and errors read {@code berth network ls}.
 */
public interface CommandGroup {

    CommandSpec spec();

    /** The group's commands, in the order the help lists them. */
    List<Command> commands();

    /** The command named {@code verb} ({@code ls}), or null. */
    default @Nullable Command find(String verb) {
        String name = spec().name() + " " + verb;
        for (Command command : commands()) {
            if (command.spec().name().equals(name)) {
                return command;
            }
        }
        return null;
    }
}
