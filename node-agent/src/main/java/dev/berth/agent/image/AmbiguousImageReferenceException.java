package dev.berth.agent.image;

/** An id prefix matches more than one image. */
public class AmbiguousImageReferenceException extends ImageException {
    public AmbiguousImageReferenceException(String message) {
        super(message);
    }
}
