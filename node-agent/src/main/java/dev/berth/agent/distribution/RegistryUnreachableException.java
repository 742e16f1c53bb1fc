package dev.berth.agent.distribution;

/** No answer from a registry: refused, timed out, or cut off. */
public class RegistryUnreachableException extends RegistryException {
    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
