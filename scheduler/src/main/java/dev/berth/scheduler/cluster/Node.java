package dev.berth.scheduler.cluster;

import dev.berth.scheduler.placement.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node as the API shows it.
 *
 * @param replicas how many replicas are placed on it (0 where the node is read for placement, which does not count)
 */
public record Node(String id, String address, Map<String, String> labels, Resources capacity, Resources allocated,
                   int portMin, int portMax, List<Integer> usedPorts, List<String> images, String state,
                   boolean draining, Instant registeredAt, Instant lastHeartbeat, long version, int replicas) {}
