package dev.berth.cli.command;

import dev.berth.cli.api.ImageSummary;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ByteSize;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth images}: one row per tag, newest image first, as Docker lists them; an untagged image shows as
 * {@code <none> <none>}.
 */
public final class ImagesCommand implements Command {

    private static final String NONE = "<none>";

    private static final CommandSpec SPEC = CommandSpec.verb("images", "[OPTIONS]", "List images")
            .flags(Flag.bool("quiet", 'q', "Only show image IDs"), JsonFormat.FLAG)
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<ImageSummary> images = context.images().list().stream()
                .sorted(Comparator.comparing((ImageSummary image) -> createdAt(image.created())).reversed())
                .toList();
        if (json) {
            JsonFormat.print(context, images);
            return 0;
        }
        if (args.flag("quiet")) {
            // Like Docker, an id shows once per row, so an image with two tags shows twice.
            images.forEach(image -> tagsOf(image).forEach(tag -> context.out().println(Cell.shortId(image.id()))));
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummary image : images) {
            for (String reference : tagsOf(image)) {
                int colon = reference.lastIndexOf(':');
                boolean tagged = colon > reference.lastIndexOf('/');
                table.row(
                        tagged ? reference.substring(0, colon) : reference,
                        tagged ? reference.substring(colon + 1) : NONE,
                        Cell.shortId(image.id()),
                        HumanDuration.ago(image.created(), now),
                        image.size() == null ? "" : ByteSize.decimal(image.size()));
            }
        }
        context.out().print(table.render());
        return 0;
    }

    private static List<String> tagsOf(ImageSummary image) {
        return image.tagsOrEmpty().isEmpty() ? List.of(NONE + ":" + NONE) : image.tagsOrEmpty();
    }

    private static Instant createdAt(@Nullable String created) {
        if (created == null) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
