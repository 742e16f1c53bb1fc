package dev.berth.agent.container;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes the way {@code docker run -m} does: a number with an optional b, k, m or g suffix (binary units). */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");

    private ByteSize() {}

    public static long parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(normalized);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text
                    + "': expected a number with an optional unit b, k, m or g, such as 64m");
        }
        double number = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1;
        };
        double bytes = number * unit;
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("invalid size '" + text + "': too large");
        }
        return (long) bytes;
    }

    /** Binary units with two decimals at most, such as {@code 64MiB}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
        return number + units[unit];
    }
}
