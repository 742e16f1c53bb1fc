package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.ImageLoaded;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth load}: the images of an OCI image layout tar (plain or gzip), from a file ({@code -i}) or stdin, as
 * {@code save} writes it. The archive is streamed as the request body; the agent checks all of it before keeping any.
 */
public final class LoadCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("load", "[OPTIONS]",
                    "Load an image from a tar archive or STDIN")
            .flags(Flag.value("input", 'i', "string", "Read from tar archive file, instead of STDIN"),
                    Flag.bool("quiet", 'q', "Suppress the load output"))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        for (ImageLoaded image : context.images().load(body(args.value("input"), context))) {
            if (args.flag("quiet")) {
                continue;
            }
            if (image.tagsOrEmpty().isEmpty()) {
                context.out().println("Loaded image ID: " + image.id());
            }
            image.tagsOrEmpty().forEach(tag -> context.out().println("Loaded image: " + tag));
        }
        return 0;
    }

    private static BodyPublisher body(@Nullable String input, CommandContext context) {
        if (input == null) {
            return BodyPublishers.ofInputStream(() -> context.console().in());
        }
        Path file = Path.of(input);
        if (Files.isDirectory(file)) {
            throw new CliException("open " + input + ": is a directory, not a tar archive");
        }
        try {
            return BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new CliException("open " + input + ": no such file or directory");
        }
    }
}
