package dev.berth.agent.container;

import dev.berth.agent.linux.WaitStatus;
import java.util.Optional;

/**
 * What an agent that has just started does with one container it finds on disk. Decided from facts gathered first
 * (is the recorded process still the same one, did the supervisor record its exit, is a cgroup left over), so that
 * the decision itself is plain and tested alone.
 */
sealed interface Recovery {

    /** Still running: watch it again, with its pid, cgroup and limits as they are. */
    record Adopt() implements Recovery {}

    /** It ended while the agent was down; {@code status} is empty when no supervisor was there to record it. */
    record ExitedMeanwhile(Optional<WaitStatus> status) implements Recovery {}

    /**
     * The agent died while starting it: the state never said running, yet a cgroup or a launch directory is left,
     * perhaps with a process waiting at the gate or already running. All of it goes; the state stays as it was.
     */
    record UndoInterruptedStart() implements Recovery {}

    /** A {@code --rm} container whose exit was recorded but which the agent died before removing. */
    record Remove() implements Recovery {}

    /** Nothing to do. */
    record Keep() implements Recovery {}

    /**
     * @param processAlive whether the state's pid still names the process it started (same start time)
     * @param recorded the exit the supervisor recorded for that process, if any
     * @param leftOver whether a cgroup or a launch directory of the container exists
     */
    static Recovery decide(ContainerState state, boolean autoRemove, boolean processAlive,
                           Optional<WaitStatus> recorded, boolean leftOver) {
        if (state.running()) {
            return processAlive ? new Adopt() : new ExitedMeanwhile(recorded);
        }
        if (leftOver) {
            return new UndoInterruptedStart();
        }
        if (autoRemove && state.status() == ContainerStatus.EXITED) {
            return new Remove();
        }
        return new Keep();
    }
}
