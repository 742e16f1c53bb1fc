package dev.berth.agent.image;

import java.util.regex.Pattern;

/**
 * A repository and a tag, such as {@code busybox:latest} or {@code registry.local:5000/team/app:1.2}. Names follow the
 * OCI distribution grammar; a missing tag means {@code latest}.
 */
public record ImageRef(String repository, String tag) {
    // path-component (separator path-component)*, optionally behind a registry host[:port].
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    public ImageRef {
        validateRepository(repository);
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("invalid tag '" + tag
                    + "': up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
    }

    /** Parses {@code name}, {@code name:tag} or {@code host:port/name:tag}. */
    public static ImageRef parse(String text) {
        if (text.contains("@")) {
            throw new IllegalArgumentException("invalid image reference '" + text
                    + "': digests are not accepted here, give name[:tag]");
        }
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        if (colon > slash) {
            return new ImageRef(text.substring(0, colon), text.substring(colon + 1));
        }
        return new ImageRef(text, "latest");
    }

    private static void validateRepository(String repository) {
        if (repository.isEmpty() || repository.length() > 255) {
            throw new IllegalArgumentException("invalid repository name '" + repository
                    + "': it must be 1 to 255 characters");
        }
        // Docker refuses these too: 64 hex digits are read as an image id, so such a name could never be found.
        if (IMAGE_ID.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + repository
                    + "': 64 hexadecimal digits name an image id, not a repository");
        }
        String[] parts = repository.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean hostPart = i == 0 && parts.length > 1
                    && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
            boolean valid = hostPart ? HOST.matcher(parts[i]).matches() : COMPONENT.matcher(parts[i]).matches();
            if (!valid) {
                throw new IllegalArgumentException("invalid repository name '" + repository
                        + "': component '" + parts[i] + "' must be lowercase letters and digits, separated by"
                        + " '.', '_', '__' or '-'");
            }
        }
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
