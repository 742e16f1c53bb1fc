package dev.berth.agent.cluster;

import dev.berth.agent.AgentException;

/** The scheduler could not be reached, or answered something other than the contract says. */
public class SchedulerUnreachableException extends AgentException {
    public SchedulerUnreachableException(String message) {
        super(message);
    }

    public SchedulerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
