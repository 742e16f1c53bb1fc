package dev.berth.agent.launch;

import dev.berth.agent.AgentException;
import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.JnaRuntime;
import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.WaitStatus;
import java.util.List;

/**
 * Loads, before a thread pivots into a container, every class that thread may still need. A class loader reads class
 * files with the calling thread's root: after pivot_root it would look for them inside the container and fail.
 */
final class Preload {
    private static volatile boolean done;

    private Preload() {}

    static void classesUsedAfterPivot() {
        if (done) {
            return;
        }
        List<Class<?>> classes = List.of(AgentException.class, SyscallException.class, Errno.class, FileStat.class,
                Namespace.class, OpenFlags.class, Signal.class, Capability.class, WaitStatus.class,
                LaunchException.class, EntrypointException.class, UserSpec.class, ProcessUser.class, ProcessSpec.class,
                ExecutableResolver.class, Credentials.class, InitSpec.class, LaunchedProcess.class, Pty.class,
                WindowSize.class, Gate.class, LaunchSpec.Stdio.class, dev.berth.agent.linux.SpawnRequest.class,
                dev.berth.agent.linux.SpawnRequest.FileAction.Open.class,
                dev.berth.agent.linux.SpawnRequest.FileAction.Dup2.class,
                dev.berth.agent.linux.SpawnRequest.FileAction.Chdir.class,
                dev.berth.agent.linux.SpawnRequest.FileAction.CloseFrom.class);
        ClassLoader loader = Preload.class.getClassLoader();
        try {
            for (Class<?> type : classes) {
                Class.forName(type.getName(), true, loader);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        // Exercise what exceptions, records and JNA allocate on the way out.
        new SyscallException("preload", "/", Errno.ENOENT).getMessage();
        new EntrypointException(127, "preload").getMessage();
        new LaunchedProcess(1).toString();
        WaitStatus.decode(1, 0).toString();
        new FileStat(0, 0, 0, 0, 0).toString();
        Errno.description(Errno.ENOENT).toLowerCase();
        String.format("%03d", 127);
        JnaRuntime.preload();
        done = true;
    }
}
