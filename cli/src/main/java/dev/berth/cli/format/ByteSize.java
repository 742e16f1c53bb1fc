package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sizes as Docker prints them: image sizes in decimal units with three significant digits ({@code 2.14MB},
 * {@code 512kB}), memory in binary units with four ({@code 1.172MiB / 64MiB}). The digits follow Go's {@code %g},
 * including its switch to exponent form ({@code 1e+03kB}) when rounding reaches the next power of ten.
 */
public final class ByteSize {

    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private ByteSize() {
    }

    /** The {@code SIZE} column of {@code images}. */
    public static String decimal(long bytes) {
        return scaled(bytes, 1000.0, DECIMAL_UNITS, 3);
    }

    /** The {@code MEM USAGE / LIMIT} column of {@code stats}. */
    public static String binary(long bytes) {
        return scaled(bytes, 1024.0, BINARY_UNITS, 4);
    }

    private static String scaled(long bytes, double base, String[] units, int digits) {
        double size = bytes;
        int unit = 0;
        while (size >= base && unit < units.length - 1) {
            size /= base;
            unit++;
        }
        return significant(size, digits) + units[unit];
    }

    /** Go's {@code %.Ng}: N significant digits, trailing zeros dropped, exponent form outside [1e-4, 1eN). */
    static String significant(double value, int digits) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= digits) {
            String mantissa = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
            String sign = rounded.signum() < 0 ? "-" : "";
            String fraction = mantissa.length() > 1 ? "." + mantissa.substring(1) : "";
            String exponentText = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
            return sign + mantissa.charAt(0) + fraction + "e" + exponentText;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
