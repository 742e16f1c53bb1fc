package dev.berth.scheduler.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The container events a heartbeat's report implies, from the replica's stored status before it and the report: a
 * change of state or health, or restarts that happened between two heartbeats (a die and a start).
 *
 * <pre>
 *   pending, starting, exited, failed, stopped ──▶ running | healthy | unhealthy    start
 *   running, healthy, unhealthy, starting ───────▶ exited | failed                  die (exitCode, oom)
 *   any other ───────────────────────────────────▶ stopped                          stop
 *   running ─ restarts + n ──────────────────────▶ running                          die, start
 *   no verdict, healthy, unhealthy ──────────────▶ healthy | unhealthy (changed)    health_status
 * </pre>
 */
public final class ContainerChanges {
    private static final Set<String> RUNNING = Set.of("running", "healthy", "unhealthy");
    private static final Set<String> DEAD = Set.of("exited", "failed");
    private static final Pattern OOM = Pattern.compile("\\boom|out of memory", Pattern.CASE_INSENSITIVE);

    private ContainerChanges() {}

    /** A replica as stored before the heartbeat: its status (state, or health when running) and restarts. */
    public record Seen(String status, int restarts) {}

    public static List<Events.ContainerEvent> between(Seen before, Heartbeat.ContainerReport report, String node) {
        long replica = report.replica() == null ? 0 : report.replica();
        String state = report.state() == null ? "" : report.state();
        String status = state.equals("running") && report.health() != null ? report.health() : state;
        int restarts = report.restarts() == null ? 0 : report.restarts();
        String message = report.message() == null ? "" : report.message();
        Events.ContainerEvent die = new Events.ContainerEvent(replica, "die", node, report.exitCode(), oom(report),
                null, message.isEmpty() ? exitMessage(report.exitCode()) : message);
        List<Events.ContainerEvent> events = new ArrayList<>();
        boolean wasRunning = RUNNING.contains(before.status());
        if (RUNNING.contains(status)) {
            if (!wasRunning || restarts > before.restarts()) {
                if (wasRunning) {
                    events.add(die);
                }
                events.add(Events.ContainerEvent.of(replica, "start", node, restarts > 0 ? "restart " + restarts
                        : "started"));
            }
            String health = report.health();
            String healthBefore = wasRunning && !before.status().equals("running") ? before.status() : null;
            if (health != null && !health.equals(healthBefore)) {
                events.add(new Events.ContainerEvent(replica, "health_status", node, null, null, health,
                        health.equals("unhealthy") && !message.isEmpty() ? message : health));
            }
        } else if (DEAD.contains(status) && !DEAD.contains(before.status())) {
            events.add(die);
        } else if (status.equals("stopped") && !before.status().equals("stopped")) {
            events.add(Events.ContainerEvent.of(replica, "stop", node, message.isEmpty() ? "stopped" : message));
        }
        return events;
    }

    /** Whether the exit was an OOM kill: as the agent says, or, when it does not say, as its message says. */
    static @Nullable Boolean oom(Heartbeat.ContainerReport report) {
        if (report.oom() != null) {
            return report.oom();
        }
        if (report.message() != null && OOM.matcher(report.message()).find()) {
            return true;
        }
        return report.exitCode() == null ? null : false;
    }

    private static String exitMessage(@Nullable Integer exitCode) {
        return exitCode == null ? "exited" : String.format(Locale.ROOT, "exited with code %d", exitCode);
    }
}
