package dev.berth.gateway.tenant;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;

/** Who holds tokens within a tenant: a person, or a machine such as a CI pipeline. */
public enum PrincipalKind {
    USER("user"),
    SERVICE_ACCOUNT("service-account");

    private final String wire;

    PrincipalKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PrincipalKind fromWire(String value) {
        for (PrincipalKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        throw new GatewayException(Problem.INVALID_REQUEST, "invalid principal kind '" + value
                + "': user or service-account");
    }
}
