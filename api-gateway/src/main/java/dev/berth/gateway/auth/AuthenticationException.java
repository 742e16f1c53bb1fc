package dev.berth.gateway.auth;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;

/** The request's credentials are missing, malformed, unknown, revoked or expired: 401. */
public final class AuthenticationException extends GatewayException {
    public AuthenticationException(String message) {
        super(Problem.UNAUTHORIZED, message);
    }
}
