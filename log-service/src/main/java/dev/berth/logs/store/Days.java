package dev.berth.logs.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** UTC days in epoch nanoseconds: the partitions' bounds and names. */
public final class Days {
    public static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");

    private Days() {}

    public static LocalDate dayOf(long epochNanos) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochNanos, NANOS_PER_DAY));
    }

    public static long startNanos(LocalDate day) {
        return day.toEpochDay() * NANOS_PER_DAY;
    }

    public static String partitionName(LocalDate day) {
        return "chunks_" + day.format(NAME);
    }

    /** The day of a partition's name, or null if the name is not one of a day partition. */
    public static @Nullable LocalDate parsePartition(String name) {
        if (!name.matches("chunks_\\d{8}")) {
            return null;
        }
        return LocalDate.parse(name.substring("chunks_".length()), NAME);
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
