package dev.berth.cli.command;

import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.format.PrettyJson;
import dev.berth.cli.http.Json;

/**
 * {@code --format json} of the listing verbs (and {@code whoami}): what the service answered, a listing as one JSON
 * array, indented as {@code inspect} prints it, for scripts to read instead of the table.
 */
final class JsonFormat {

    static final Flag FLAG = Flag.value("format", null, "string",
            "Format output: \"json\" prints the listing as one JSON array");

    private JsonFormat() {
    }

    /** Whether {@code --format json} was given; any other format is a usage error. */
    static boolean requested(ParsedArgs args) {
        String format = args.value("format");
        if (format == null) {
            return false;
        }
        if (!format.equals("json")) {
            throw new UsageException("--format takes \"json\", not \"" + format + "\"");
        }
        return true;
    }

    /** Prints {@code value} (a list of the API's records or trees, or one of them) as JSON. */
    static void print(CommandContext context, Object value) {
        context.out().println(PrettyJson.format(Json.mapper().valueToTree(value)));
    }
}
