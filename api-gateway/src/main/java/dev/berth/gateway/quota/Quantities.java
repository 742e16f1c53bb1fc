package dev.berth.gateway.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cpu and byte quantities, in the grammar the scheduler reads specs with, so that a quota and a spec are written the
 * same way: cpu in cores ({@code 4}, {@code 0.5}) or millicores ({@code 250m}); bytes bare ({@code 268435456}) or
 * with a decimal or binary unit ({@code 1G}, {@code 8Gi}, {@code 512k}, an optional {@code B}).
 */
public final class Quantities {
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]i?)?[bB]?");
    private static final String[] BINARY = {"Ti", "Gi", "Mi", "Ki"};

    private Quantities() {}

    /** Millicores; empty for what is not a cpu quantity or not a whole number of millicores. */
    public static OptionalLong cpuMilli(String text) {
        Matcher m = CPU.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        BigDecimal value = new BigDecimal(m.group(1));
        BigDecimal milli = m.group(2).isEmpty() ? value.movePointRight(3) : value;
        try {
            return milli.stripTrailingZeros().scale() > 0 ? OptionalLong.empty()
                    : OptionalLong.of(milli.longValueExact());
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Bytes, rounded up to a whole byte; empty for what is not a byte quantity. */
    public static OptionalLong bytes(String text) {
        Matcher m = BYTES.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        // k, M, G, T: powers of 1000; with i, of 1024.
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        int power = unit.isEmpty() ? 0 : "KMGT".indexOf(unit.charAt(0)) + 1;
        BigDecimal factor = (unit.endsWith("I") ? BigDecimal.valueOf(1024) : BigDecimal.valueOf(1000)).pow(power);
        try {
            return OptionalLong.of(new BigDecimal(m.group(1)).multiply(factor)
                    .setScale(0, RoundingMode.CEILING).longValueExact());
        } catch (ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Millicores written back exactly: whole cores as {@code 4}, the rest as {@code 1500m}. */
    public static String cpu(long milli) {
        return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
    }

    /** Bytes written back exactly: in the largest binary unit that divides them ({@code 8Gi}), else bare. */
    public static String bytes(long bytes) {
        for (int i = 0; i < BINARY.length; i++) {
            long unit = 1L << (10 * (BINARY.length - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + BINARY[i];
            }
        }
        return Long.toString(bytes);
    }
}
