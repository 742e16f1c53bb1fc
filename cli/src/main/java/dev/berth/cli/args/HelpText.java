package dev.berth.cli.args;

import java.util.Comparator;
import java.util.List;

/**
 * Renders help the way Docker lays it out: usage line, description, then aligned flags or verbs. Verbs are listed by
 * their last word, so that {@code network ls} shows as {@code ls} under {@code berth network}.
 */
public final class HelpText {

    /** Cobra pads verb names to at least this width in the command list. */
    private static final int MIN_NAME_WIDTH = 11;

    private HelpText() {
    }

    /** {@code berth VERB --help}. */
    public static String forVerb(CommandSpec spec) {
        StringBuilder text = new StringBuilder();
        text.append(usageLine(spec)).append("\n\n").append(spec.description()).append('\n');
        if (!spec.flags().isEmpty()) {
            text.append("\nOptions:\n").append(flagTable(spec.flags()));
        }
        return text.toString();
    }

    /**
     * {@code berth --help}: the top-level flags, the management commands ({@code network}) and every verb, each with
     * its one-line description.
     */
    public static String general(CommandSpec top, List<CommandSpec> groups, List<CommandSpec> verbs) {
        StringBuilder text = new StringBuilder();
        text.append(usageLine(top)).append("\n\n").append(top.description()).append('\n');
        text.append("\nOptions:\n").append(flagTable(top.flags()));
        if (!groups.isEmpty()) {
            text.append("\nManagement Commands:\n").append(verbList(groups));
        }
        text.append("\nCommands:\n").append(verbList(verbs));
        text.append("\nRun '").append(top.command()).append(" COMMAND --help' for more information on a command.\n");
        return text.toString();
    }

    /** {@code berth network --help}: the group's usage and its commands. */
    public static String forGroup(CommandSpec group, List<CommandSpec> commands) {
        return usageLine(group) + "\n\n" + group.description() + "\n"
                + "\nCommands:\n" + verbList(commands)
                + "\nRun '" + group.command() + " COMMAND --help' for more information on a command.\n";
    }

    /** The verbs and their descriptions, one a line, as the general help and the unknown-verb error show them. */
    public static String verbList(List<CommandSpec> verbs) {
        int width = MIN_NAME_WIDTH;
        for (CommandSpec verb : verbs) {
            width = Math.max(width, lastWord(verb.name()).length());
        }
        StringBuilder text = new StringBuilder();
        for (CommandSpec verb : verbs) {
            text.append("  ").append(pad(lastWord(verb.name()), width)).append(' ').append(verb.description())
                    .append('\n');
        }
        return text.toString();
    }

    private static String lastWord(String name) {
        return name.substring(name.lastIndexOf(' ') + 1);
    }

    public static String usageLine(CommandSpec spec) {
        return "Usage:  " + spec.command() + (spec.arguments().isEmpty() ? "" : " " + spec.arguments());
    }

    private static String flagTable(List<Flag> flags) {
        List<Flag> sorted = flags.stream().sorted(Comparator.comparing(Flag::name)).toList();
        int width = 0;
        for (Flag flag : sorted) {
            width = Math.max(width, synopsis(flag).length());
        }
        StringBuilder text = new StringBuilder();
        for (Flag flag : sorted) {
            text.append(pad(synopsis(flag), width)).append("   ").append(flag.description()).append('\n');
        }
        return text.toString();
    }

    /** {@code   -e, --env list} or {@code       --rm}, the left column of pflag's flag usage. */
    private static String synopsis(Flag flag) {
        String names = flag.shorthand() == null
                ? "      --" + flag.name()
                : "  -" + flag.shorthand() + ", --" + flag.name();
        return flag.valueType().isEmpty() ? names : names + " " + flag.valueType();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
