package dev.berth.cli.http;

import dev.berth.cli.CliException;

/** The agent answered, with an error: its problem detail says what went wrong. */
public class AgentErrorException extends CliException {

    private final Problem problem;
    private final int status;

    public AgentErrorException(int status, Problem problem) {
        this("Error response from agent: " + problem.message(), status, problem);
    }

    protected AgentErrorException(String message, int status, Problem problem) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }
}
