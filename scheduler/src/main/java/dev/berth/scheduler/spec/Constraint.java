package dev.berth.scheduler.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A placement constraint: a node attribute ({@code node.id} or {@code node.labels.KEY}) equal or not equal to a value.
 *
 * @param attribute {@code node.id} or {@code node.labels.KEY}
 * @param equal true for {@code ==}, false for {@code !=}
 * @param value the value compared with
 */
public record Constraint(String attribute, boolean equal, String value) {
    private static final Pattern SYNTAX = Pattern.compile("\\s*(node\\.id|node\\.labels\\.[A-Za-z0-9_./-]+)\\s*(==|!=)"
            + "\\s*(\\S+)\\s*");
    private static final Pattern ATTRIBUTE = Pattern.compile("node\\.id|node\\.labels\\.[A-Za-z0-9_./-]+");

    /** The constraint written as {@code node.labels.zone == a}, or null if it is not one. */
    public static @Nullable Constraint parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        return m.matches() ? new Constraint(m.group(1), m.group(2).equals("=="), m.group(3)) : null;
    }

    public static boolean validAttribute(String attribute) {
        return ATTRIBUTE.matcher(attribute).matches();
    }

    /** The label key of {@code node.labels.KEY}, or null for {@code node.id}. */
    public static @Nullable String labelKey(String attribute) {
        return attribute.startsWith("node.labels.") ? attribute.substring("node.labels.".length()) : null;
    }

    @Override
    public String toString() {
        return attribute + (equal ? " == " : " != ") + value;
    }
}
