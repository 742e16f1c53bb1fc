package dev.berth.agent.container;

import dev.berth.agent.AgentException;

/** No exec has this id on this node (exec records live in memory: an agent restart forgets them). */
public class NoSuchExecException extends AgentException {
    public NoSuchExecException(String id) {
        super("no such exec instance: " + id);
    }
}
