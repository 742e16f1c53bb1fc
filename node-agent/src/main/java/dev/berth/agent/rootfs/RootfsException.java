package dev.berth.agent.rootfs;

import dev.berth.agent.AgentException;

/** A container's root filesystem cannot be assembled as asked, for a reason other than a failed kernel call. */
public class RootfsException extends AgentException {
    public RootfsException(String message) {
        super(message);
    }
}
