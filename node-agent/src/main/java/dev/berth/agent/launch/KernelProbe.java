package dev.berth.agent.launch;

import dev.berth.agent.linux.MountFlags;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;

/** What the running kernel can do, probed rather than guessed from its version. */
public final class KernelProbe {
    private KernelProbe() {}

    /**
     * Whether a procfs can be created for another PID namespace ({@code fsconfig(FSCONFIG_SET_FD, "pidns")}, Linux
     * 6.18). Older kernels answer EINVAL to the unknown key, or ENOSYS to fsopen itself.
     */
    public static boolean procfsTakesPidns(Syscalls sys) {
        int context = -1;
        int pidns = -1;
        try {
            context = sys.fsopen("proc", MountFlags.FSOPEN_CLOEXEC);
            pidns = sys.open("/proc/self/ns/pid", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            sys.fsconfigSetFd(context, "pidns", pidns);
            return true;
        } catch (SyscallException e) {
            return false;
        } finally {
            if (pidns >= 0) {
                sys.close(pidns);
            }
            if (context >= 0) {
                sys.close(context);
            }
        }
    }
}
