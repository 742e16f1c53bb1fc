package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.TransferStep;
import dev.berth.cli.format.TransferView;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/** What pull and push share: a first line, the layers' progress drawn under it, and a failure as the CLI's error. */
final class Transfers {

    /**
     * How a transfer ended.
     *
     * @param last its last step, {@code pulled} or {@code pushed}
     * @param moved whether any layer's bytes travelled (all of them may have been there already)
     */
    record Outcome(TransferStep last, boolean moved) {}

    private Transfers() {
    }

    /**
     * @param firstStatus the status of the step that lists the layers, after which {@code firstLine} is printed
     * @param call the API call, given the reference and where to send each step
     */
    static Outcome run(CommandContext context, String reference, boolean quiet, TransferView.Direction direction,
                       String firstStatus, Function<TransferStep, String> firstLine,
                       BiFunction<String, Consumer<TransferStep>, TransferStep> call) {
        TransferView view = new TransferView(context.out(), context.console().terminal(), direction);
        TransferStep last = call.apply(reference, step -> {
            if (quiet) {
                return;
            }
            if (step.status().equals(firstStatus)) {
                context.out().println(firstLine.apply(step));
            }
            view.accept(step);
        });
        if (last.status().equals("error")) {
            throw new CliException(last.error() == null ? "the transfer failed" : last.error());
        }
        return new Outcome(last, view.moved());
    }
}
