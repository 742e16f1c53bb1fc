package dev.berth.scheduler.config;

import dev.berth.scheduler.placement.Placer;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The scheduler's settings ({@code berth.scheduler.*}). The database is Spring's {@code spring.datasource.*}.
 *
 * @param schema the PostgreSQL schema of the scheduler's tables and of Flyway's history
 * @param nodeGrace how long a node may go without a heartbeat before it is marked down and its replicas move
 * @param reconcileInterval the pause between the leader's reconciliation passes
 * @param leaderRetry how often a replica that does not lead tries for the leader lock (and the leader checks it)
 * @param strategy binpack (fill nodes first) or spread (emptiest nodes first, services spread over nodes)
 * @param watch the agents' assignment streams
 * @param events the tenants' event streams and how long events are kept
 */
@ConfigurationProperties("berth.scheduler")
public record SchedulerProperties(@DefaultValue("scheduler") String schema,
                                  @DefaultValue("10s") Duration nodeGrace,
                                  @DefaultValue("500ms") Duration reconcileInterval,
                                  @DefaultValue("1s") Duration leaderRetry,
                                  @DefaultValue("binpack") Placer.Strategy strategy,
                                  @DefaultValue Watch watch,
                                  @DefaultValue EventSettings events) {

    public SchedulerProperties {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("berth.scheduler.schema must be a plain lowercase SQL identifier, not '"
                    + schema + "'");
        }
        if (nodeGrace.toMillis() < 100) {
            throw new IllegalArgumentException("berth.scheduler.node-grace must be at least 100ms, not " + nodeGrace);
        }
        if (leaderRetry.toMillis() < 50 || leaderRetry.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new IllegalArgumentException("berth.scheduler.leader-retry must be between 50ms and 2s (a new"
                    + " leader takes over within twice it), not " + leaderRetry);
        }
    }

    /**
     * {@code berth.scheduler.watch.*}.
     *
     * @param poll how often an open stream looks for changes of its node
     * @param keepalive how often a stream without changes sends a keepalive (NAT and proxies drop idle streams)
     */
    public record Watch(@DefaultValue("250ms") Duration poll, @DefaultValue("15s") Duration keepalive) {}

    /**
     * {@code berth.scheduler.events.*}.
     *
     * @param retention how long events are kept (the leader deletes older ones every minute)
     * @param poll how often an open event stream looks for new events
     * @param keepalive how often an idle event stream sends a comment line
     */
    public record EventSettings(@DefaultValue("7d") Duration retention, @DefaultValue("250ms") Duration poll,
                                @DefaultValue("15s") Duration keepalive) {}
}
