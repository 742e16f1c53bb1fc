package dev.berth.cli.command;

import dev.berth.cli.http.AgentErrorException;
import java.util.List;

/**
 * Acts on several containers or images in turn, as Docker does: one failure does not stop the others, each failure
 * is reported, and the exit code is 1 if any failed. An unreachable agent stops them all.
 */
final class EachTarget {

    /** Acts on one target and returns what to print for it (usually the reference itself). */
    @FunctionalInterface
    interface Action {
        String apply(String ref);
    }

    private EachTarget() {
    }

    static int apply(List<String> refs, CommandContext context, Action action) {
        int exitCode = 0;
        for (String ref : refs) {
            try {
                context.out().println(action.apply(ref));
            } catch (AgentErrorException e) {
                context.error(e.getMessage());
                exitCode = 1;
            }
            // Each stop can take seconds: show progress as it is made.
            context.console().flush();
        }
        return exitCode;
    }
}
