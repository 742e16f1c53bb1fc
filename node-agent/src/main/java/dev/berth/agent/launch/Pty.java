package dev.berth.agent.launch;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;

/**
 * A pseudo-terminal taken from a container's own devpts instance. The agent keeps the master; the child opens the
 * slave by its path inside the container, as a session leader and without O_NOCTTY, which makes it the child's
 * controlling terminal (posix_spawn has no TIOCSCTTY). Inside, the slave is then {@code /dev/pts/N} of the container's
 * numbering, so {@code tty} prints {@code /dev/pts/0} for the first.
 *
 * @param master the agent's descriptor (close-on-exec)
 * @param slavePath the slave's path as the container sees it
 */
public record Pty(int master, String slavePath) {

    /**
     * Opens a new pair from {@code ptsDir} (the container's devpts as the calling thread sees it), sized, with the slave
     * owned by the user who will run in it: devpts makes it 0620 root:tty, which another user could not open.
     */
    static Pty open(Syscalls sys, String ptsDir, ProcessUser user, WindowSize size) {
        int master = sys.open(ptsDir + "/ptmx", OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC, 0);
        try {
            sys.unlockPty(master);
            int number = sys.ptyNumber(master);
            sys.setWindowSize(master, size.rows(), size.columns());
            if (!user.isRoot()) {
                sys.lchown(ptsDir + "/" + number, user.uid(), -1);
            }
            return new Pty(master, "/dev/pts/" + number);
        } catch (SyscallException e) {
            sys.close(master);
            throw e;
        }
    }
}
