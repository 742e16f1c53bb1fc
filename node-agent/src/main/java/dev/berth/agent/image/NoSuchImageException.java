package dev.berth.agent.image;

/** No image matches a reference. */
public class NoSuchImageException extends ImageException {
    public NoSuchImageException(String reference) {
        super("no such image: " + reference);
    }
}
