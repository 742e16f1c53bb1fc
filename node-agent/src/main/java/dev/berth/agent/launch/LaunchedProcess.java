package dev.berth.agent.launch;

/** A container's first process, running: its pid in the host's PID namespace. */
public record LaunchedProcess(int pid) {}
