package dev.berth.gateway;

import java.util.Map;

/** The root of the gateway's errors: a {@link Problem} and a message a user can act on; the web edge answers it. */
public class GatewayException extends RuntimeException {
    private final Problem problem;

    public GatewayException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public GatewayException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** Fields the answer carries beside its detail (problem details' extension members), by name. */
    public Map<String, String> details() {
        return Map.of();
    }
}
