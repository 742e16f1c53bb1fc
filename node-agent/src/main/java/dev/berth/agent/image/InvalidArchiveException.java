package dev.berth.agent.image;

/** An image archive given to load was refused: not an OCI image layout, or a blob that is not what it claims. */
public class InvalidArchiveException extends InvalidLayerException {
    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
