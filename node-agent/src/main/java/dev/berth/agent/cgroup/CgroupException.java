package dev.berth.agent.cgroup;

import dev.berth.agent.AgentException;

/** A cgroup file could not be read or written; the message names the file, the value and the cause. */
public class CgroupException extends AgentException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
