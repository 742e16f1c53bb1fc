package dev.berth.agent.image;

/** An image cannot be removed because a container uses it. */
public class ImageInUseException extends ImageException {
    public ImageInUseException(String message) {
        super(message);
    }
}
