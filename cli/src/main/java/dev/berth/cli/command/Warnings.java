package dev.berth.cli.command;

import dev.berth.cli.api.ContainerCreated;
import java.util.List;

/** Shows the agent's create warnings on stderr, where Docker shows its own. */
final class Warnings {

    private Warnings() {
    }

    static void print(ContainerCreated created, CommandContext context) {
        print(created.warningsOrEmpty(), context);
    }

    static void print(List<String> warnings, CommandContext context) {
        for (String warning : warnings) {
            context.console().err().println("WARNING: " + warning);
        }
    }
}
