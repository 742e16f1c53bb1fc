/**
 * The node's one long-lived supervisor: the parent of the agent and, as child subreaper, of every container the agent
 * leaves orphaned; it records their exits on disk for the agent to read when it comes back.
 */
@NullMarked
package dev.berth.agent.supervisor;

import org.jspecify.annotations.NullMarked;
