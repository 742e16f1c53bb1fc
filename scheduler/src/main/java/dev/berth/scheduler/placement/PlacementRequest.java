package dev.berth.scheduler.placement;

import dev.berth.scheduler.spec.Constraint;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One replica to place.
 *
 * @param service the service's key; replicas of one service are what spreading spreads
 * @param demand what the replica reserves
 * @param hostPorts host ports it publishes; no two replicas on a node may share one
 * @param constraints label constraints every chosen node must meet
 * @param spread the attribute ({@code node.id}, {@code node.labels.zone}) to spread the service over, or null
 * @param image the image, for image locality
 * @param serviceReplicasByNode how many replicas of the service each node already holds (nodes without any absent)
 */
public record PlacementRequest(String service, Resources demand, List<Integer> hostPorts, List<Constraint> constraints,
                               @Nullable String spread, String image, Map<String, Integer> serviceReplicasByNode) {}
