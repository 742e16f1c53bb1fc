package dev.berth.cli.format;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON indented as {@code docker inspect} prints it: four spaces, {@code "key": value}, and {@code []} and
 * {@code {}} for empty values, so that scripts written against Docker's output can read Berth's.
 */
public final class PrettyJson {

    private PrettyJson() {
    }

    /** The value as indented text, without a final newline. */
    public static String format(JsonNode value) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JsonMapper.shared().writer().with(printer).writeValueAsString(value);
    }
}
