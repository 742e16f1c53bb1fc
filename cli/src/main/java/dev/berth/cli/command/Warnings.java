package dev.berth.cli.command;

import dev.berth.cli.api.ContainerCreated;

/** Shows the agent's create warnings on stderr, where Docker shows its own. */
final class Warnings {

    private Warnings() {
    }

    static void print(ContainerCreated created, CommandContext context) {
        for (String warning : created.warningsOrEmpty()) {
            context.console().err().println("WARNING: " + warning);
        }
    }
}
