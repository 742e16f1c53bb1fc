package dev.berth.gateway.token;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. Reads need {@code read}; anything that changes state (deploy, push, delete) needs
 * {@code deploy}; tenants and tokens need {@code admin}. Scopes do not imply each other: a token names each.
 */
public enum Scope {
    READ,
    DEPLOY,
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope fromWire(String value) {
        for (Scope scope : values()) {
            if (scope.wire().equals(value)) {
                return scope;
            }
        }
        throw new GatewayException(Problem.INVALID_REQUEST, "invalid scope '" + value + "': read, deploy or admin");
    }

    public static Set<Scope> fromWire(Iterable<String> values) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : values) {
            scopes.add(fromWire(value));
        }
        return scopes;
    }
}
