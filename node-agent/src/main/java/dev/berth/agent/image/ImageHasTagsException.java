package dev.berth.agent.image;

/** An image removed by id still has more than one tag; removing it without force would drop them all unasked. */
public class ImageHasTagsException extends ImageException {
    public ImageHasTagsException(String message) {
        super(message);
    }
}
