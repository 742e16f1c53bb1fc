package dev.berth.agent.image;

/**
 * One path a container changed, against its image, as {@code docker diff} prints it ({@code C /etc}).
 *
 * @param path absolute, as seen in the container
 */
public record Change(Kind kind, String path) {

    public enum Kind {
        /** added: the image had nothing there */
        A,
        /** changed: the content, type or attributes differ, or for a directory, something inside it */
        C,
        /** deleted */
        D
    }
}
