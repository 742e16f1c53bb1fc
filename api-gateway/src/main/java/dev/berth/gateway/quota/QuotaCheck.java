package dev.berth.gateway.quota;

import java.util.Optional;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Whether a change fits a tenant's quota. A change may not leave a use above its limit unless it lowers that use:
 * scaling down is always allowed, and a change that keeps an exceeded use as it is (a deploy after the quota was
 * lowered) is refused. Not fitting is a result, not an exception.
 */
public final class QuotaCheck {
    private QuotaCheck() {}

    /** The first quota on apps that the change from {@code before} to {@code after} exceeds, if any. */
    public static Optional<Exceeded> apps(Quota quota, Demand before, Demand after) {
        return first(
                check("cpu", quota.cpuMilli(), before.cpuMilli(), after.cpuMilli(), Quantities::cpu),
                check("memory", quota.memoryBytes(), before.memoryBytes(), after.memoryBytes(), Quantities::bytes),
                check("containers", quota.containers(), before.containers(), after.containers(), Long::toString));
    }

    /**
     * Whether a push may start: the tenant's images take less than the quota. The size of what is pushed is not known
     * before its manifest, so the push that crosses the limit is the last one let in. {@code push} says what was
     * asked, such as {@code a push to acme/web}.
     */
    public static Optional<Exceeded> images(Quota quota, long usedBytes, String push) {
        Long limit = quota.imageStorageBytes();
        if (limit == null || usedBytes < limit) {
            return Optional.empty();
        }
        return Optional.of(new Exceeded(Exceeded.IMAGE_STORAGE, Quantities.bytes(limit), Quantities.bytes(usedBytes),
                push));
    }

    private static Optional<Exceeded> check(String name, @Nullable Long limit, long before, long after,
                                            LongFunction<String> format) {
        if (limit == null || after <= limit || after < before) {
            return Optional.empty();
        }
        return Optional.of(new Exceeded(name, format.apply(limit), format.apply(before), format.apply(after)));
    }

    @SafeVarargs
    private static Optional<Exceeded> first(Optional<Exceeded>... checks) {
        for (Optional<Exceeded> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }
}
