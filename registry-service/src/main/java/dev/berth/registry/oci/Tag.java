package dev.berth.registry.oci;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;
import java.util.regex.Pattern;

/** A tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. */
public record Tag(String value) implements Comparable<Tag> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (!GRAMMAR.matcher(value).matches()) {
            throw new InvalidTagException(value);
        }
    }

    public static boolean isValid(String text) {
        return GRAMMAR.matcher(text).matches();
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** A tag outside the grammar. */
    public static final class InvalidTagException extends RegistryException {
        InvalidTagException(String tag) {
            super(ErrorCode.MANIFEST_INVALID, "invalid tag '" + tag + "': up to 128 characters of letters, digits,"
                    + " '_', '.' and '-', not starting with '.' or '-'", Map.of("tag", tag));
        }
    }
}
