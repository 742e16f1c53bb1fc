package dev.berth.agent.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the change lines of {@code berth import --change} to an {@link ImageConfig}, with the Dockerfile rules for
 * the five instructions it accepts: JSON-array or shell form for CMD and ENTRYPOINT, quotes and {@code $VAR}
 * expansion in ENV, WORKDIR and USER (expanded against the environment as it stood before the line).
 */
final class ConfigChanges {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SHELL = List.of("/bin/sh", "-c");

    private ImageConfig config;
    private boolean cmdSet;
    private String line = "";

    ConfigChanges(ImageConfig config) {
        this.config = config;
    }

    ImageConfig apply(List<String> changes) {
        for (String change : changes) {
            applyOne(change);
        }
        return config;
    }

    private void applyOne(String change) {
        line = change;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            throw invalid("it is empty; expected CMD, ENTRYPOINT, ENV, WORKDIR or USER");
        }
        int space = firstWhitespace(trimmed);
        String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : trimmed.substring(space).strip();
        switch (instruction) {
            case "CMD" -> {
                config = new ImageConfig(config.env(), config.entrypoint(), command(argument),
                        config.workingDir(), config.user());
                cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                // A Dockerfile's ENTRYPOINT resets the command it inherited; a CMD of the same list survives.
                List<String> cmd = cmdSet ? config.cmd() : List.of();
                config = new ImageConfig(config.env(), command(argument), cmd, config.workingDir(),
                        config.user());
            }
            case "ENV" -> env(argument);
            case "WORKDIR" -> {
                String dir = single(argument);
                String base = config.workingDir().isEmpty() ? "/" : config.workingDir();
                String resolved = Path.of(base).resolve(dir).normalize().toString();
                config = new ImageConfig(config.env(), config.entrypoint(), config.cmd(), resolved, config.user());
            }
            case "USER" -> {
                List<String> words = words(argument, true);
                if (words.size() != 1 || words.getFirst().isEmpty()) {
                    throw invalid("USER takes exactly one argument, uid[:gid] or a name");
                }
                config = new ImageConfig(config.env(), config.entrypoint(), config.cmd(), config.workingDir(),
                        words.getFirst());
            }
            default -> throw new IllegalArgumentException("unsupported change '" + line
                    + "': only CMD, ENTRYPOINT, ENV, WORKDIR and USER can be changed");
        }
    }

    /** Exec form when the argument is a JSON array of strings; otherwise, as Docker does, shell form. */
    private List<String> command(String argument) {
        if (argument.isEmpty()) {
            throw invalid("it needs a command, as a JSON array or in shell form");
        }
        return execForm(argument).orElseGet(() -> {
            List<String> shell = new ArrayList<>(SHELL);
            shell.add(argument);
            return shell;
        });
    }

    private static Optional<List<String>> execForm(String argument) {
        if (!argument.startsWith("[")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(argument);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        for (JsonNode element : node.values()) {
            if (!element.isString()) {
                return Optional.empty();
            }
            words.add(element.stringValue());
        }
        return Optional.of(words);
    }

    private void env(String argument) {
        if (argument.isEmpty()) {
            throw invalid("ENV needs KEY=value or KEY value");
        }
        int space = firstWhitespace(argument);
        String first = space < 0 ? argument : argument.substring(0, space);
        List<String> pairs = new ArrayList<>();
        if (!first.contains("=")) {
            // The old form: the key, then the whole rest of the line is the value.
            if (space < 0) {
                throw invalid("ENV " + first + " has no value; write " + first + "=value");
            }
            pairs.add(first + "=" + single(argument.substring(space).strip()));
        } else {
            for (String word : words(argument, true)) {
                if (!word.contains("=")) {
                    throw invalid("'" + word + "' is not KEY=value; quote values that contain spaces");
                }
                pairs.add(word);
            }
        }
        ImageConfig next = config;
        for (String pair : pairs) {
            if (pair.startsWith("=")) {
                throw invalid("an ENV name cannot be empty");
            }
            next = next.withEnv(pair);
        }
        config = next;
    }

    /** The argument as one word: quotes removed and variables expanded, whitespace kept. */
    private String single(String argument) {
        List<String> words = words(argument, false);
        if (words.isEmpty() || words.getFirst().isEmpty()) {
            throw invalid("it needs an argument");
        }
        return words.getFirst();
    }

    /**
     * Splits like a shell word list (or keeps one word when {@code split} is false): single quotes are literal,
     * double quotes and backslashes escape, {@code $NAME} and {@code ${NAME}} expand from the current environment.
     */
    private List<String> words(String text, boolean split) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (split && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw invalid("a single quote is not closed");
                }
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expand(text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private int doubleQuoted(String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expand(text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        throw invalid("a double quote is not closed");
    }

    /** Expands the variable at {@code text[dollar]}; returns the index after it. */
    private int expand(String text, int dollar, StringBuilder word) {
        int i = dollar + 1;
        if (i < text.length() && text.charAt(i) == '{') {
            int end = text.indexOf('}', i);
            String name = end < 0 ? "" : text.substring(i + 1, end);
            if (!isName(name)) {
                throw invalid("only $NAME and ${NAME} are expanded");
            }
            word.append(lookup(name));
            return end + 1;
        }
        int end = i;
        while (end < text.length() && isNameChar(text.charAt(end), end == i)) {
            end++;
        }
        if (end == i) {
            word.append('$');
            return i;
        }
        word.append(lookup(text.substring(i, end)));
        return end;
    }

    private String lookup(String name) {
        for (String entry : config.env()) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i), i == 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("invalid change '" + line + "': " + why);
    }
}
