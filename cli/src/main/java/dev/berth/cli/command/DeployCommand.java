package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.cluster.Change;
import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.SchedulerApi;
import java.time.Duration;

/**
 * {@code berth deploy APP --image IMAGE}: a new version of a service with another image, which the scheduler rolls
 * out in batches. Prints the version and the rollout's state; with {@code --wait}, follows the rollout until it is
 * done, or rolled back by the scheduler (exit 1).
 */
public final class DeployCommand implements Command {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int DEFAULT_TIMEOUT_SECONDS = 300;

    private static final CommandSpec SPEC = CommandSpec.verb("deploy", "[OPTIONS] APP",
                    "Roll out a new image to a service of an app")
            .flags(ClusterFlags.with(
                    Flag.value("image", null, "string", "Image to deploy"),
                    Flag.value("service", null, "string", "Service to deploy to (may be left out with one)"),
                    Flag.bool("wait", null, "Wait until the rollout is done; exit 1 if it is rolled back"),
                    Flag.value("timeout", null, "int", "Seconds to wait at most (default 300)")))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String image = args.value("image");
        if (image == null || image.isBlank()) {
            throw new UsageException("--image is required");
        }
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        Change change = scheduler.deploy(args.argument(0), args.value("service"), image);
        printChange(change, context);
        if (!args.flag("wait")) {
            return 0;
        }
        Integer timeout = args.intValue("timeout");
        return awaitRollout(scheduler, change, Duration.ofSeconds(timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout),
                context);
    }

    static void printChange(Change change, CommandContext context) {
        context.out().println(change.app() + "/" + change.service() + " version " + change.version()
                + (change.reason() == null ? "" : ": " + change.reason())
                + (change.rollout() == null ? "" : " (rollout " + change.rollout() + ")"));
    }

    /** Polls the service until its rollout ends; 0 when done, 1 when the scheduler rolled it back. */
    static int awaitRollout(SchedulerApi scheduler, Change change, Duration timeout, CommandContext context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = change.rollout();
        while (true) {
            ClusterApp.Service service = scheduler.app(change.app()).service(change.service());
            if (service == null) {
                throw new CliException("service " + change.app() + "/" + change.service() + " is gone");
            }
            String state = service.rollout() == null ? "none" : service.rollout();
            if (!state.equals(last)) {
                context.out().println(change.app() + "/" + change.service() + " rollout " + state
                        + (service.rolloutMessage() == null ? "" : ": " + service.rolloutMessage()));
                last = state;
            }
            if (state.equals("rolled-back")) {
                context.error("rollout of version " + change.version() + " was rolled back; version "
                        + service.version() + " is current");
                return 1;
            }
            if (!state.equals("progressing")) {
                return 0;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the rollout of " + change.app() + "/" + change.service() + " version "
                        + change.version() + " is still progressing after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting for the rollout");
            }
        }
    }
}
