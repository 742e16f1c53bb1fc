package dev.berth.cli.http;

import dev.berth.cli.CliException;

/** No connection to the agent (or another service) could be made; the message says where and how to start it. */
public class AgentUnreachableException extends CliException {

    public AgentUnreachableException(String service, AgentAddress address, String reason, Throwable cause) {
        super("cannot reach " + service + " at " + address + " (" + reason + "). Is it running? deploy/up.sh starts it.",
                cause);
    }
}
