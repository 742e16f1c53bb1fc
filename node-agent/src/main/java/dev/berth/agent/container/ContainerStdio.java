package dev.berth.agent.container;

/**
 * How a container's standard streams are wired.
 *
 * @param openStdin its stdin is a pipe whose write end the agent holds, fed by attached clients ({@code -i}); else
 *     {@code /dev/null}
 * @param tty its stdin, stdout and stderr are a pty of its own devpts, its controlling terminal ({@code -t}); the
 *     agent holds the master and copies the output into stdout.log
 * @param logStdin what clients send to its stdin is also kept in its log, as stream {@code stdin}
 */
public record ContainerStdio(boolean openStdin, boolean tty, boolean logStdin) {

    public static ContainerStdio none() {
        return new ContainerStdio(false, false, false);
    }

    public ContainerStdio {
        if (logStdin && !openStdin) {
            throw new InvalidSpecException("logStdin", "logging stdin needs an open stdin (-i, \"stdin\": true)");
        }
    }
}
