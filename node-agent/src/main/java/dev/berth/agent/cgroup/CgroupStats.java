package dev.berth.agent.cgroup;

/**
 * A point-in-time reading of one container's cgroup.
 *
 * @param cpuUsageNanos total CPU time consumed by the container's tasks
 * @param memoryUsageBytes memory in use net of inactive page cache, as {@code docker stats} reports it
 * @param memoryLimitBytes the limit in force, or the host's memory when there is none
 * @param pids current number of tasks
 * @param pidsLimit the limit in force, or -1 when there is none
 */
public record CgroupStats(long cpuUsageNanos, long memoryUsageBytes, long memoryLimitBytes, long pids,
                          long pidsLimit) {}
