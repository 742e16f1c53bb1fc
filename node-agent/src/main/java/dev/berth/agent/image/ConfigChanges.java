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
 * Applies the change lines of {@code berth import --change} and {@code berth commit --change} to an
 * {@link ImageConfig}, with the Dockerfile rules for the seven instructions it accepts: JSON-array or shell form for
 * CMD and ENTRYPOINT, quotes and {@code $VAR} expansion in ENV, WORKDIR, USER, EXPOSE and LABEL (expanded against the
 * environment as it stood before the line).
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
            throw invalid("it is empty; expected CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE or LABEL");
        }
        int space = firstWhitespace(trimmed);
        String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : trimmed.substring(space).strip();
        switch (instruction) {
            case "CMD" -> {
                config = config.withCmd(command(argument));
                cmdSet = true;
            }
            // A Dockerfile's ENTRYPOINT resets the command it inherited; a CMD of the same list survives.
            case "ENTRYPOINT" -> config = config.withEntrypoint(command(argument), cmdSet ? config.cmd() : List.of());
            case "ENV" -> env(argument);
            case "WORKDIR" -> {
                String dir = single(argument);
                String base = config.workingDir().isEmpty() ? "/" : config.workingDir();
                config = config.withWorkingDir(Path.of(base).resolve(dir).normalize().toString());
            }
            case "USER" -> {
                List<String> words = words(argument, true);
                if (words.size() != 1 || words.getFirst().isEmpty()) {
                    throw invalid("USER takes exactly one argument, uid[:gid] or a name");
                }
                config = config.withUser(words.getFirst());
            }
            case "EXPOSE" -> expose(argument);
            case "LABEL" -> label(argument);
            default -> throw new IllegalArgumentException("unsupported change '" + line
                    + "': only CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE and LABEL can be changed");
        }
    }

    /** {@code EXPOSE 80 443/tcp 53/udp}: each port, 1-65535, with tcp (the default), udp or sctp. */
    private void expose(String argument) {
        List<String> ports = words(argument, true);
        if (ports.isEmpty()) {
            throw invalid("EXPOSE needs at least one port, such as 80 or 53/udp");
        }
        for (String port : ports) {
            int slash = port.indexOf('/');
            String number = slash < 0 ? port : port.substring(0, slash);
            String protocol = slash < 0 ? "tcp" : port.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
                throw invalid("'" + port + "' has protocol '" + protocol + "'; expected tcp, udp or sctp");
            }
            int value;
            try {
                value = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw invalid("'" + port + "' is not a port number");
            }
            if (value < 1 || value > 65535) {
                throw invalid("port " + value + " is not 1-65535");
            }
            config = config.withExposedPort(value + "/" + protocol);
        }
    }

    /** {@code LABEL k=v [k2="v 2" ...]}, quotes and variables as in ENV. */
    private void label(String argument) {
        List<String> pairs = words(argument, true);
        if (pairs.isEmpty()) {
            throw invalid("LABEL needs key=value");
        }
        ImageConfig next = config;
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw invalid("'" + pair + "' is not key=value; quote values that contain spaces");
            }
            next = next.withLabel(pair.substring(0, equals), pair.substring(equals + 1));
        }
        config = next;
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
