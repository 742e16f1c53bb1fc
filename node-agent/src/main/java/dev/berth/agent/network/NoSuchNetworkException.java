package dev.berth.agent.network;

import dev.berth.agent.AgentException;

public class NoSuchNetworkException extends AgentException {
    public NoSuchNetworkException(String reference) {
        super("no such network: " + reference);
    }
}
