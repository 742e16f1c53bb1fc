package dev.berth.cli.format;

import dev.berth.cli.api.TransferStep;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A pull's or push's progress, as Docker shows it: one line per layer, named by the first 12 hex digits of its digest.
 * On a terminal the lines are redrawn in place, with a bar for the bytes moved so far; elsewhere (a pipe, a log, a
 * {@code TERM=dumb} terminal) a line is printed each time a layer's state changes, and never for mere byte counts.
 */
public final class TransferView implements Consumer<TransferStep> {
    private static final int BAR_WIDTH = 50;
    private static final String UP = "\033[%dA";
    private static final String CLEAR_LINE = "\033[2K";

    /** Which way the layers go: the words differ. */
    public enum Direction {
        PULL("Pulling fs layer", "Already exists", "Downloading", "Extracting", "Pull complete"),
        PUSH("Preparing", "Layer already exists", "Pushing", "Pushing", "Pushed");

        private final String waiting;
        private final String exists;
        private final String moving;
        private final String finishing;
        private final String complete;

        Direction(String waiting, String exists, String moving, String finishing, String complete) {
            this.waiting = waiting;
            this.exists = exists;
            this.moving = moving;
            this.finishing = finishing;
            this.complete = complete;
        }
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Direction direction;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> states = new HashMap<>();
    private int drawn;
    private boolean moved;

    /** @param terminal whether {@code out} is a terminal that understands cursor movement */
    public TransferView(PrintStream out, boolean terminal, Direction direction) {
        this.out = out;
        this.terminal = terminal;
        this.direction = direction;
    }

    /** Whether any layer's bytes actually moved, as opposed to all being there already. */
    public boolean moved() {
        return moved;
    }

    @Override
    public void accept(TransferStep step) {
        String layer = step.layer();
        switch (step.status()) {
            case "resolved", "preparing" -> {
                if (step.layers() != null) {
                    step.layers().forEach(each -> show(each.digest(),
                            Boolean.TRUE.equals(each.present()) ? direction.exists : direction.waiting, ""));
                }
            }
            case "exists" -> show(layer, direction.exists, "");
            case "downloading", "uploading" -> {
                moved = true;
                show(layer, direction.moving, bar(step.current(), step.total()));
            }
            case "extracting" -> show(layer, direction.finishing, "");
            case "complete" -> show(layer, direction.complete, "");
            default -> {
                // the last step: the command prints its own summary
            }
        }
    }

    private void show(@Nullable String layer, String state, String detail) {
        if (layer == null) {
            return;
        }
        String label = Cell.shortId(layer) + ": " + state;
        lines.put(layer, detail.isEmpty() ? label : label + " " + detail);
        if (terminal) {
            redraw();
        } else if (!state.equals(states.put(layer, state))) {
            out.println(label);
            out.flush();
        }
    }

    private void redraw() {
        StringBuilder screen = new StringBuilder();
        if (drawn > 0) {
            screen.append(String.format(UP, drawn));
        }
        for (String line : lines.values()) {
            screen.append('\r').append(CLEAR_LINE).append(line).append('\n');
        }
        drawn = lines.size();
        out.print(screen);
        out.flush();
    }

    /** {@code [=========>          ]  12.5MB/50MB}, as Docker draws it. */
    static String bar(@Nullable Long current, @Nullable Long total) {
        long done = current == null ? 0 : current;
        if (total == null || total <= 0) {
            return ByteSize.decimal(done);
        }
        int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return bar.append("]  ").append(ByteSize.decimal(done)).append('/').append(ByteSize.decimal(total))
                .toString();
    }
}
