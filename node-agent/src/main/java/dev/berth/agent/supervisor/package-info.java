/**
 * The agent's view of the node's supervisor ({@code node-agent/src/main/c/berth-supervisor.c}): the parent of the
 * agent and, as child subreaper, of every container the agent leaves orphaned, which records their exits on disk. The
 * agent reads those records ({@link dev.berth.agent.supervisor.ExitRecords}) when it comes back.
 */
@NullMarked
package dev.berth.agent.supervisor;

import org.jspecify.annotations.NullMarked;
