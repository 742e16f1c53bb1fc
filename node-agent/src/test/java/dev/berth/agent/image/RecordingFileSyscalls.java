package dev.berth.agent.image;

import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.RecordingSyscalls;

/**
 * Records every call like {@link RecordingSyscalls}, and really makes the ones a test without root can: chmod (with
 * setuid and sticky bits, which java.nio cannot set) and mknod of FIFOs. lchown is only recorded.
 */
public class RecordingFileSyscalls extends RecordingSyscalls {
    private final LinuxSyscalls real = new LinuxSyscalls();

    @Override
    public void chmod(String path, int mode) {
        super.chmod(path, mode);
        real.chmod(path, mode);
    }

    @Override
    public void mknod(String path, int mode, long device) {
        super.mknod(path, mode, device);
        real.mknod(path, mode, device);
    }
}
