package dev.berth.agent;

/**
 * The root of the node agent's errors. Each package has its own subclasses, named after what went wrong; the API edge
 * translates them into problem details once.
 */
public class AgentException extends RuntimeException {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
