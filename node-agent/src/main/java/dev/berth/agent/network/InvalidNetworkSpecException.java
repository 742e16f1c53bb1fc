package dev.berth.agent.network;

import dev.berth.agent.AgentException;

/** A network or port request that is malformed in itself, whatever else exists. */
public class InvalidNetworkSpecException extends AgentException {
    private final String field;

    public InvalidNetworkSpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
