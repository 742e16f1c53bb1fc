package dev.berth.agent.container;

import dev.berth.agent.AgentException;

/** The request conflicts with a container's state: a taken name, a container that is (or is not) running. */
public class ContainerConflictException extends AgentException {
    public ContainerConflictException(String message) {
        super(message);
    }
}
