package dev.berth.cli.args;

import org.jspecify.annotations.Nullable;

/**
 * One flag a verb accepts, declared the way Docker's help shows it: {@code -e, --env list   Set environment variables}.
 *
 * @param name the long name, without dashes
 * @param shorthand the one-letter form, if any
 * @param kind whether it takes a value, and how often
 * @param valueType the word the help shows after the name ({@code string}, {@code int}, {@code list}); empty for a
 *     switch
 * @param description one line for the help
 */
public record Flag(String name, @Nullable Character shorthand, Kind kind, String valueType, String description) {

    /** How a flag consumes the command line. */
    public enum Kind {
        /** On or off: {@code -d}, {@code --rm}, {@code --rm=false}. */
        SWITCH,
        /** Takes one value; given twice, the last one wins. */
        VALUE,
        /** Takes a value each time it is given, and keeps them all in order ({@code -e A=1 -e B=2}). */
        LIST
    }

    public Flag {
        if (name.isEmpty() || name.startsWith("-")) {
            throw new IllegalArgumentException("a flag's long name has no dashes: '" + name + "'");
        }
        if (shorthand != null && (shorthand == '-' || Character.isWhitespace(shorthand))) {
            throw new IllegalArgumentException("not a flag shorthand: '" + shorthand + "'");
        }
    }

    public static Flag bool(String name, @Nullable Character shorthand, String description) {
        return new Flag(name, shorthand, Kind.SWITCH, "", description);
    }

    public static Flag value(String name, @Nullable Character shorthand, String valueType, String description) {
        return new Flag(name, shorthand, Kind.VALUE, valueType, description);
    }

    public static Flag list(String name, @Nullable Character shorthand, String description) {
        return new Flag(name, shorthand, Kind.LIST, "list", description);
    }

    public boolean takesValue() {
        return kind != Kind.SWITCH;
    }

    /** How error messages name the flag: {@code -t, --time} or {@code --rm}. */
    public String label() {
        return shorthand == null ? "--" + name : "-" + shorthand + ", --" + name;
    }
}
