/**
 * The agent as a member of a cluster: it registers with the scheduler, heartbeats the actual state of its replicas,
 * watches the stream of its assignments and converges this node's containers to them, restarting and health-checking
 * each by its spec.
 */
@NullMarked
package dev.berth.agent.cluster;

import org.jspecify.annotations.NullMarked;
