package dev.berth.agent.image;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves one second each time it is read, so that every import gets a distinct creation time. */
final class TickingClock extends Clock {
    private Instant now;

    TickingClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        Instant current = now;
        now = now.plusSeconds(1);
        return current;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
