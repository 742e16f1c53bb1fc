package dev.berth.cli.format;

/** How single values are shortened and quoted in Docker's tables. */
public final class Cell {

    /** Docker's short ids are the first twelve hex digits. */
    public static final int SHORT_ID_LENGTH = 12;

    private static final String DIGEST_PREFIX = "sha256:";
    private static final String ELLIPSIS = "…";

    private Cell() {
    }

    /** {@code sha256:3f57d9401f8d...} or a bare container id, cut to twelve hex digits. */
    public static String shortId(String id) {
        String hex = id.startsWith(DIGEST_PREFIX) ? id.substring(DIGEST_PREFIX.length()) : id;
        return hex.length() <= SHORT_ID_LENGTH ? hex : hex.substring(0, SHORT_ID_LENGTH);
    }

    /** Cuts text to {@code width} characters, the last of them an ellipsis, as {@code ps} does to COMMAND. */
    public static String ellipsis(String text, int width) {
        if (text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        int end = text.offsetByCodePoints(0, width - 1);
        return text.substring(0, end) + ELLIPSIS;
    }

    /** Double-quotes text with Go's escapes ({@code strconv.Quote}), as {@code ps} shows a command. */
    public static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case 0x07 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case 0x0b -> quoted.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || Character.getType(c) == Character.UNASSIGNED) {
                        quoted.append(String.format(c > 0xffff ? "\\U%08x" : "\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
