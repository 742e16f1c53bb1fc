package dev.berth.scheduler.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event as a tenant sees it.
 *
 * @param id the event's position; a stream resumed after it misses and repeats nothing
 * @param scope container (a replica), service or app
 * @param type container: create, start, die, stop, health_status, reschedule, destroy; service: update, scale,
 *     deploy, rollback, rollout_done, rolled_back; app: create, destroy
 * @param name what it is about: tenant.app, tenant.app.service or tenant.app.service.slot
 * @param version the service version (of the replica, for a container)
 */
public record Event(long id, Instant time, String scope, String type, String name, String tenant, String app,
                    @Nullable String service, @Nullable Long replica, @Nullable String node,
                    @Nullable Integer exitCode, @Nullable Boolean oom, @Nullable String health,
                    @Nullable Integer version, String message) {}
