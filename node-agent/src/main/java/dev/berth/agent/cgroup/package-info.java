/**
 * Resource limits and accounting through cgroups: one {@link dev.berth.agent.cgroup.CgroupManager}, with v1 and v2
 * implementations.
 */
@NullMarked
package dev.berth.agent.cgroup;

import org.jspecify.annotations.NullMarked;
