package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.terminal.AttachSession;
import dev.berth.cli.terminal.DetachKeys;
import dev.berth.cli.terminal.TerminalMode;
import org.jspecify.annotations.Nullable;

/** What {@code run -it}, {@code exec -it} and {@code attach} share: the detach keys and the terminal checks. */
final class InteractiveSessions {

    static final Flag DETACH_KEYS = Flag.value("detach-keys", null, "string",
            "Override the key sequence for detaching a container (default \"" + DetachKeys.DEFAULT + "\")");

    private InteractiveSessions() {
    }

    /**
     * The options of a session that sends stdin when {@code stdin} and has a terminal when {@code tty}. As Docker,
     * {@code -it} needs a terminal on stdin: raw mode and the size come from it.
     */
    static AttachSession.Options options(ParsedArgs args, boolean stdin, boolean tty) {
        if (stdin && tty && !TerminalMode.stdinIsTerminal()) {
            throw new CliException("the input device is not a TTY; leave out -t to pipe stdin");
        }
        String keys = args.spec().flag("detach-keys") != null ? args.value("detach-keys") : null;
        DetachKeys detach = stdin ? DetachKeys.parse(keys == null ? DetachKeys.DEFAULT : keys) : null;
        return new AttachSession.Options(stdin, tty, detach);
    }

    /** The local terminal's size, for a process's terminal before it starts; null without one. */
    static int @Nullable [] localSize(boolean tty) {
        return tty ? TerminalMode.size() : null;
    }
}
