package dev.berth.registry.oci;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;
import java.util.regex.Pattern;

/** A repository name in the spec's grammar, such as {@code library/busybox} or {@code team-a/app.web}. */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    /** Clients refuse longer names (with the registry's host they must fit in 255), so none is stored. */
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidNameException(value, "it must be 1 to " + MAX_LENGTH + " characters");
        }
        if (!GRAMMAR.matcher(value).matches()) {
            throw new InvalidNameException(value, "each /-separated component must be lowercase letters and digits,"
                    + " joined by '.', '_', '__' or dashes");
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** A name outside the grammar. */
    public static final class InvalidNameException extends RegistryException {
        InvalidNameException(String name, String why) {
            super(ErrorCode.NAME_INVALID, "invalid repository name '" + name + "': " + why, Map.of("name", name));
        }
    }
}
