package dev.berth.agent.launch;

import dev.berth.agent.AgentException;

/** A container's first process could not be started. */
public class LaunchException extends AgentException {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
