package dev.berth.agent.network;

import dev.berth.agent.AgentException;

/** The host's networking could not be set up as asked: a netlink, nftables or sysctl step failed. */
public class NetworkException extends AgentException {
    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
