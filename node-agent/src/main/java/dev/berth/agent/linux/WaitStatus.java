package dev.berth.agent.linux;

/** A decoded wait status: a process either exited with a code or was killed by a signal. */
public record WaitStatus(int pid, int exitCode, int signal) {

    public static WaitStatus decode(int pid, int raw) {
        int termSignal = raw & 0x7f;
        if (termSignal == 0) {
            return new WaitStatus(pid, (raw >> 8) & 0xff, 0);
        }
        return new WaitStatus(pid, -1, termSignal);
    }

    /** The status as wait(2) encodes it ({@link #decode} reads it back); the core-dump bit is not kept. */
    public int raw() {
        return signalled() ? signal & 0x7f : (exitCode & 0xff) << 8;
    }

    public boolean signalled() {
        return signal != 0;
    }

    /** The shell's convention, which Docker follows: 128 + signal for a process killed by a signal. */
    public int shellExitCode() {
        return signalled() ? 128 + signal : exitCode;
    }
}
