package dev.berth.cli.args;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A verb's command line after parsing: flag values by long name, and the arguments in order. Typed getters turn a
 * malformed value into the same usage error Docker gives ({@code invalid argument "x" for "-t, --time" flag}).
 */
public final class ParsedArgs {

    private final CommandSpec spec;
    private final Map<String, List<String>> values;
    private final List<String> arguments;
    private final boolean helpRequested;

    ParsedArgs(CommandSpec spec, Map<String, List<String>> values, List<String> arguments, boolean helpRequested) {
        this.spec = spec;
        this.values = Map.copyOf(values);
        this.arguments = List.copyOf(arguments);
        this.helpRequested = helpRequested;
    }

    public CommandSpec spec() {
        return spec;
    }

    /** Whether {@code --help} (or {@code -h}, where the verb does not use it) was given. */
    public boolean helpRequested() {
        return helpRequested;
    }

    public List<String> arguments() {
        return arguments;
    }

    public String argument(int index) {
        return arguments.get(index);
    }

    /** Whether a switch is on; {@code --rm=false} turns it off again. */
    public boolean flag(String name) {
        String value = value(name);
        return value != null && Boolean.parseBoolean(value);
    }

    /** Whether the flag was given at all. */
    public boolean has(String name) {
        return values.containsKey(declared(name).name());
    }

    /** The flag's value, the last one if it was given several times. */
    public @Nullable String value(String name) {
        List<String> given = values(name);
        return given.isEmpty() ? null : given.getLast();
    }

    /** Every value of a repeatable flag, in command-line order. */
    public List<String> values(String name) {
        return values.getOrDefault(declared(name).name(), List.of());
    }

    public @Nullable Integer intValue(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "not an integer");
        }
    }

    public @Nullable BigDecimal decimalValue(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "not a number");
        }
    }

    private UsageException invalid(String name, String value, String why) {
        return new UsageException(
                "invalid argument \"" + value + "\" for \"" + declared(name).label() + "\" flag: " + why);
    }

    private Flag declared(String name) {
        Flag flag = spec.flag(name);
        if (flag == null) {
            // A typo in a command class, not a user error.
            throw new IllegalArgumentException(spec.command() + " declares no flag --" + name);
        }
        return flag;
    }
}
