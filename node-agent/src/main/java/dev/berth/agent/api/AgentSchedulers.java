package dev.berth.agent.api;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking work runs, off the event loop: container lifecycle work on its own bounded scheduler, so that a
 * burst of slow starts cannot starve log reads and image imports on the I/O one.
 */
public record AgentSchedulers(Scheduler runtime, Scheduler io) {

    public static AgentSchedulers create(int runtimeThreads) {
        return new AgentSchedulers(
                Schedulers.newBoundedElastic(runtimeThreads, 10_000, "berth-runtime"),
                Schedulers.boundedElastic());
    }
}
