package dev.berth.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a verb's command line the way Docker's (pflag's) parser does:
 *
 * <ul>
 *   <li>long flags as {@code --name web} or {@code --name=web};
 *   <li>short flags as {@code -e K=V}, {@code -eK=V} or {@code -e=K=V}, and switches combined as {@code -aq};
 *   <li>a flag that takes a value takes the next word whatever it is, as pflag does;
 *   <li>{@code --} ends the flags, and {@code -} alone is an argument (stdin);
 *   <li>for verbs that {@linkplain CommandSpec#stopsAtFirstArgument() stop at the first argument}, every word after
 *       it is an argument, {@code --} included, so that it reaches the container untouched.
 * </ul>
 */
public final class ArgumentParser {

    private static final String HELP = "help";

    private final CommandSpec spec;
    private final List<String> words;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private int next;
    private boolean helpRequested;

    private ArgumentParser(CommandSpec spec, List<String> words) {
        this.spec = spec;
        this.words = words;
    }

    public static ParsedArgs parse(CommandSpec spec, List<String> words) {
        return new ArgumentParser(spec, words).parse();
    }

    private ParsedArgs parse() {
        boolean flagsEnded = false;
        while (next < words.size() && !helpRequested) {
            String word = words.get(next++);
            if (flagsEnded || word.equals("-") || !word.startsWith("-")) {
                arguments.add(word);
                flagsEnded |= spec.stopsAtFirstArgument();
            } else if (word.equals("--")) {
                flagsEnded = true;
            } else if (word.startsWith("--")) {
                longFlag(word);
            } else {
                shortFlags(word);
            }
        }
        if (!helpRequested) {
            checkArgumentCount();
        }
        return new ParsedArgs(spec, values, arguments, helpRequested);
    }

    private void longFlag(String word) {
        String body = word.substring(2);
        int equals = body.indexOf('=');
        String name = equals < 0 ? body : body.substring(0, equals);
        String inline = equals < 0 ? null : body.substring(equals + 1);
        Flag flag = spec.flag(name);
        if (flag == null) {
            if (name.equals(HELP)) {
                helpRequested = true;
                return;
            }
            throw new UsageException("unknown flag: --" + name);
        }
        if (!flag.takesValue()) {
            record(flag, inline == null ? "true" : parseSwitch(flag, inline));
        } else if (inline != null) {
            record(flag, inline);
        } else if (next < words.size()) {
            record(flag, words.get(next++));
        } else {
            throw new UsageException("flag needs an argument: --" + name);
        }
    }

    private void shortFlags(String word) {
        for (int i = 1; i < word.length(); i++) {
            char letter = word.charAt(i);
            Flag flag = spec.shorthand(letter);
            if (flag == null) {
                if (letter == 'h') {
                    helpRequested = true;
                    return;
                }
                throw new UsageException("unknown shorthand flag: '" + letter + "' in " + word);
            }
            String rest = word.substring(i + 1);
            if (rest.startsWith("=")) {
                // -e=K=V and -d=false: the rest of the word is the value.
                String value = rest.substring(1);
                record(flag, flag.takesValue() ? value : parseSwitch(flag, value));
                return;
            }
            if (!flag.takesValue()) {
                record(flag, "true");
                continue;
            }
            if (!rest.isEmpty()) {
                record(flag, rest);
            } else if (next < words.size()) {
                record(flag, words.get(next++));
            } else {
                throw new UsageException("flag needs an argument: '" + letter + "' in -" + letter);
            }
            return;
        }
    }

    private static String parseSwitch(Flag flag, String value) {
        if (value.equals("true") || value.equals("false")) {
            return value;
        }
        throw new UsageException(
                "invalid argument \"" + value + "\" for \"" + flag.label() + "\" flag: not true or false");
    }

    private void record(Flag flag, String value) {
        List<String> given = values.computeIfAbsent(flag.name(), name -> new ArrayList<>());
        if (flag.kind() != Flag.Kind.LIST) {
            given.clear();
        }
        given.add(value);
    }

    private void checkArgumentCount() {
        int count = arguments.size();
        int min = spec.minArguments();
        int max = spec.maxArguments();
        if (count >= min && count <= max) {
            return;
        }
        throw new UsageException(argumentCountRule(min, max), true);
    }

    private static String argumentCountRule(int min, int max) {
        if (max == 0) {
            return "accepts no arguments.";
        }
        if (min == max) {
            return "requires exactly " + plural(min) + ".";
        }
        if (max == CommandSpec.UNLIMITED) {
            return "requires at least " + plural(min) + ".";
        }
        return "requires at least " + min + " and at most " + plural(max) + ".";
    }

    private static String plural(int count) {
        return count + (count == 1 ? " argument" : " arguments");
    }
}
