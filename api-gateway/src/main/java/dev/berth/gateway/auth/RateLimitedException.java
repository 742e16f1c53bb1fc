package dev.berth.gateway.auth;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;

/** A token sent more requests than its rate limit allows: 429, to be tried again after {@link #retryAfterSeconds}. */
public final class RateLimitedException extends GatewayException {
    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(Problem.TOO_MANY_REQUESTS, "this token's rate limit is reached; retry after " + retryAfterSeconds
                + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
