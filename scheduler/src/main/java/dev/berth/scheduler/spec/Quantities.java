package dev.berth.scheduler.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parses the quantities of a spec: cpu, memory and durations. Each returns null for what it cannot read. */
public final class Quantities {
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]i?)?[bB]?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Quantities() {}

    /** Millicores of {@code 0.5}, {@code 2}, {@code 250m}. */
    public static @Nullable Long cpuMilli(String text) {
        Matcher m = CPU.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(m.group(1));
            BigDecimal milli = m.group(2).isEmpty() ? value.movePointRight(3) : value;
            return milli.stripTrailingZeros().scale() > 0 ? null : milli.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Bytes of {@code 268435456}, {@code 256Mi}, {@code 1G}, {@code 512k}. */
    public static @Nullable Long bytes(String text) {
        Matcher m = MEMORY.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "" : m.group(2);
        long factor = switch (unit.toUpperCase(Locale.ROOT)) {
            case "" -> 1L;
            case "K" -> 1_000L;
            case "KI" -> 1L << 10;
            case "M" -> 1_000_000L;
            case "MI" -> 1L << 20;
            case "G" -> 1_000_000_000L;
            case "GI" -> 1L << 30;
            case "T" -> 1_000_000_000_000L;
            case "TI" -> 1L << 40;
            default -> 0L;
        };
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)).setScale(0,
                    java.math.RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Milliseconds of {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}. */
    public static @Nullable Long millis(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            long value = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> value;
                case "s" -> Math.multiplyExact(value, 1000L);
                case "m" -> Math.multiplyExact(value, 60_000L);
                default -> Math.multiplyExact(value, 3_600_000L);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
