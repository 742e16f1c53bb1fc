package dev.berth.agent.container;

import dev.berth.agent.AgentException;

/** No container has this id, id prefix or name. */
public class NoSuchContainerException extends AgentException {
    public NoSuchContainerException(String reference) {
        super("no such container: " + reference);
    }
}
