package dev.berth.cli.cluster;

import dev.berth.cli.CliException;
import dev.berth.cli.http.Problem;

/**
 * The scheduler answered with problem details. The message is one line: the problem's title, then every fault of the
 * request ({@code invalid spec: replicas: must be 0 or more, not -1; image: is required}), or the detail.
 */
public final class SchedulerError extends CliException {

    private final int status;

    public SchedulerError(int status, Problem problem) {
        super(problem.line(status));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
