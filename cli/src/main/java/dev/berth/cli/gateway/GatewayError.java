package dev.berth.cli.gateway;

import dev.berth.cli.CliException;
import dev.berth.cli.http.Problem;

/** The gateway's own API answered with a problem detail; the message is its one line ({@code not found: no token …}). */
public final class GatewayError extends CliException {

    private final int status;

    GatewayError(int status, Problem problem, Throwable cause) {
        super(problem.line(status), cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
