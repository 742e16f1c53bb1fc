package dev.berth.cli.it;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names for the containers of one test, unique so that a test never meets a container of another run, and the
 * removal of those containers when the test ends, whether it passed or not.
 */
final class ContainerNames implements AutoCloseable {

    private final Cli cli;
    private final List<String> given = new ArrayList<>();

    ContainerNames(Cli cli) {
        this.cli = cli;
    }

    /** A fresh container name, removed with its container when the test ends. */
    String next(String role) {
        String name = unique(role);
        given.add(name);
        return name;
    }

    /**
     * A name no other test or run uses, such as {@code it-logs-3fa94c1e}, for containers and images alike;
     * {@code role} tells a reader of {@code ps} or {@code images} which test made it.
     */
    static String unique(String role) {
        return "it-" + role + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Override
    public void close() {
        if (given.isEmpty()) {
            return;
        }
        // Most are gone already (--rm, or removed by the test); rm -f reports those and removes the others.
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(given);
        cli.run(rm.toArray(String[]::new));
    }
}
