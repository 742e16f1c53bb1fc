package dev.berth.cli.http;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A request target on the agent: path segments and query parameters, each percent-encoded once here. An image
 * reference such as {@code registry:5000/app:1} is one segment, so its {@code /} and {@code :} are encoded too.
 *
 * @param path the encoded path, starting with {@code /}
 * @param query the encoded query without {@code ?}, or empty
 */
public record ApiPath(String path, String query) {

    public ApiPath {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an agent path starts with /: " + path);
        }
    }

    public static ApiPath of(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("an empty path segment");
            }
            path.append('/').append(encode(segment));
        }
        return new ApiPath(path.toString(), "");
    }

    /** Adds {@code name=value}; a null value adds nothing, so optional flags map straight onto parameters. */
    public ApiPath query(String name, @Nullable Object value) {
        if (value == null) {
            return this;
        }
        String parameter = encode(name) + "=" + encode(value.toString());
        return new ApiPath(path, query.isEmpty() ? parameter : query + "&" + parameter);
    }

    /** What goes after the host in the request line. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
