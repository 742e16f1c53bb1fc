package dev.berth.agent.container;

/** Takes a removed container's log files (indexed to their end) before its directory is deleted. */
@FunctionalInterface
public interface LogHandoff {
    void removed(Container container);
}
