package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.ImageImported;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code berth import}: a rootfs tar, from a file or from stdin ({@code -}), becomes an image. The tar is streamed
 * as the request body, never read whole into memory.
 */
public final class ImportCommand implements Command {

    private static final String STDIN = "-";

    private static final CommandSpec SPEC = CommandSpec.verb("import", "[OPTIONS] file|- [REPOSITORY[:TAG]]",
                    "Import the contents from a tarball to create a filesystem image")
            .flags(Flag.list("change", 'c', "Apply Dockerfile instruction to the created image"))
            .arguments(1, 2);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String source = args.argument(0);
        String name = args.arguments().size() > 1 ? args.argument(1) : null;
        ImageImported imported = context.images().importTar(body(source, context), name, args.values("change"));
        context.out().println(imported.id());
        return 0;
    }

    private static BodyPublisher body(String source, CommandContext context) {
        if (source.equals(STDIN)) {
            return BodyPublishers.ofInputStream(() -> context.console().in());
        }
        Path file = Path.of(source);
        if (Files.isDirectory(file)) {
            throw new CliException("import " + source + ": is a directory, not a tar archive");
        }
        try {
            return BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new CliException("open " + source + ": no such file or directory");
        }
    }
}
