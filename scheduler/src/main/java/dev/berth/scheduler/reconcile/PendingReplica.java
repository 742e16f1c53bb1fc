package dev.berth.scheduler.reconcile;

import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.spec.Constraint;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A replica without a node, with what placing it needs. */
public record PendingReplica(long id, String service, Resources demand, List<Integer> hostPorts,
                             List<Constraint> constraints, @Nullable String spread, String image) {}
