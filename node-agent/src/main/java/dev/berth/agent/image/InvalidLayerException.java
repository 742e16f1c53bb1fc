package dev.berth.agent.image;

/** A layer or rootfs tar was refused: not a tar, not a rootfs, or an entry that would escape the root. */
public class InvalidLayerException extends ImageException {
    public InvalidLayerException(String message) {
        super(message);
    }

    public InvalidLayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
