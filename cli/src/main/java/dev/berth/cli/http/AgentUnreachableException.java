package dev.berth.cli.http;

import dev.berth.cli.CliException;

/** No connection to the agent could be made; the message says where the CLI looked and how to start one. */
public class AgentUnreachableException extends CliException {

    public AgentUnreachableException(AgentAddress address, String reason, Throwable cause) {
        super("cannot reach the node agent at " + address + " (" + reason + "). Is it running? deploy/up.sh starts it.",
                cause);
    }
}
