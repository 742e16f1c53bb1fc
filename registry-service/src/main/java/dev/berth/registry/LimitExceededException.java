package dev.berth.registry;

import java.util.Map;

/** Something larger than a configured limit: 413, naming the limit and the setting that raises it. */
public final class LimitExceededException extends RegistryException {
    public LimitExceededException(ErrorCode code, String what, long limit, String setting) {
        super(code, 413, what + " is larger than the limit of " + Limits.human(limit) + " (" + setting + ")",
                Map.of("limit", limit, "setting", setting));
    }
}
