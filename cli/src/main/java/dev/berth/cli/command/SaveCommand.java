package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code berth save}: images as one OCI image layout tar, streamed from the agent to a file ({@code -o}) or to stdout,
 * never held whole in memory. A save that fails leaves no partial file behind.
 */
public final class SaveCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("save", "[OPTIONS] IMAGE [IMAGE...]",
                    "Save one or more images to a tar archive (streamed to STDOUT by default)")
            .flags(Flag.value("output", 'o', "string", "Write to a file, instead of STDOUT"))
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        String output = args.value("output");
        if (output == null) {
            try (InputStream archive = context.images().save(args.arguments())) {
                archive.transferTo(context.console().stdout());
            }
            context.console().stdout().flush();
            return 0;
        }
        Path file = Path.of(output);
        if (Files.isDirectory(file)) {
            throw new CliException("open " + output + ": is a directory");
        }
        // Asked first, so that an unknown image fails before the file is touched.
        try (InputStream archive = context.images().save(args.arguments())) {
            try (OutputStream out = Files.newOutputStream(file)) {
                archive.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw new CliException("writing " + output + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }
}
