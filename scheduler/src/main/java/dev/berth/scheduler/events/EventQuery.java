package dev.berth.scheduler.events;

import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.spec.SpecValidator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which events a caller wants, validated once: a tenant, where to start, and optionally one app and one type.
 *
 * @param afterId events after this id; null with {@code since} a time or nothing
 * @param since events from this time on; null with an id or nothing
 */
public record EventQuery(String tenant, @Nullable Long afterId, @Nullable Instant since, @Nullable String app,
                         @Nullable String type) {
    public static final Set<String> TYPES = Set.of("create", "start", "die", "stop", "health_status", "reschedule",
            "destroy", "update", "scale", "deploy", "rollback", "rollout_done", "rolled_back");

    /**
     * Parses the query parameters: {@code since} is an event id or an ISO-8601 instant; {@code lastEventId} (the
     * header a reconnecting SSE client sends) wins over it.
     */
    public static EventQuery parse(String tenant, @Nullable String since, @Nullable String lastEventId,
                                   @Nullable String app, @Nullable String type) {
        Long afterId = null;
        Instant at = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            afterId = id("Last-Event-ID", lastEventId.strip());
        } else if (since != null) {
            if (since.chars().allMatch(Character::isDigit) && !since.isEmpty()) {
                afterId = id("since", since);
            } else {
                try {
                    at = Instant.parse(since);
                } catch (DateTimeParseException e) {
                    throw SchedulerException.invalid("since", "since must be an event id or an ISO-8601 time"
                            + " (2026-11-29T05:10:00Z), not '" + since + "'");
                }
            }
        }
        if (app != null && !SpecValidator.validName(app)) {
            throw SchedulerException.invalid("app", "app must be an app name (a lowercase DNS label), not '" + app
                    + "'");
        }
        if (type != null && !TYPES.contains(type)) {
            throw SchedulerException.invalid("type", "type must be one of " + new java.util.TreeSet<>(TYPES)
                    + ", not '" + type + "'");
        }
        return new EventQuery(tenant, afterId, at, app, type);
    }

    private static long id(String field, String value) {
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw SchedulerException.invalid(field, field + " must be an event id (0 or more), not '" + value + "'");
    }

    boolean matches(Event event) {
        return event.tenant().equals(tenant) && (app == null || app.equals(event.app()))
                && (type == null || type.equals(event.type()));
    }
}
