package dev.berth.agent.network;

import dev.berth.agent.AgentException;

/** The request clashes with what exists: a name or subnet in use, a host port taken, a network still in use. */
public class NetworkConflictException extends AgentException {
    public NetworkConflictException(String message) {
        super(message);
    }
}
