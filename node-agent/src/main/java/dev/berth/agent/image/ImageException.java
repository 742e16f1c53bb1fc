package dev.berth.agent.image;

import dev.berth.agent.AgentException;

/** The root of the image package's errors. */
public class ImageException extends AgentException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
