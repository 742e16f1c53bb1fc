package dev.berth.cli.stream;

import dev.berth.cli.CliException;

/** The agent's log or attach stream broke the framing: a bad header, or an end in the middle of a frame. */
public class MalformedStreamException extends CliException {

    public MalformedStreamException(String message) {
        super(message);
    }
}
