package dev.berth.agent.container;

import dev.berth.agent.AgentException;

/** A create request is malformed or asks for something this host cannot honour; the message names the field. */
public class InvalidSpecException extends AgentException {
    private final String field;

    public InvalidSpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
