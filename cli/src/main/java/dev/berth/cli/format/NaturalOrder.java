package dev.berth.cli.format;

import java.util.Comparator;

/**
 * Text in the order Docker sorts names and port lines ({@code sortorder.NaturalLess}): runs of digits compare as
 * numbers, so {@code net2} comes before {@code net10} and {@code 9000/tcp} after {@code 80/tcp}; digits come before
 * other characters; everything else compares character by character.
 */
public final class NaturalOrder implements Comparator<String> {

    public static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            boolean xDigit = isDigit(x);
            boolean yDigit = isDigit(y);
            if (xDigit != yDigit) {
                return xDigit ? -1 : 1;
            }
            if (!xDigit) {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
                continue;
            }
            // Two numbers: leading zeros aside, the shorter is smaller, else the first differing digit decides.
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int aStart = i;
            int bStart = j;
            while (i < a.length() && isDigit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && isDigit(b.charAt(j))) {
                j++;
            }
            if (i - aStart != j - bStart) {
                return Integer.compare(i - aStart, j - bStart);
            }
            int digits = a.substring(aStart, i).compareTo(b.substring(bStart, j));
            if (digits != 0) {
                return digits;
            }
            // Equal values: the one written with fewer zeros first.
            if (aStart != bStart) {
                return Integer.compare(aStart, bStart);
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
