package dev.berth.cli.http;

import dev.berth.internalauth.InternalToken;
import org.jspecify.annotations.Nullable;

/**
 * The api-gateway turned the request away before any service saw it: no valid token (401), a scope the token lacks
 * or a quota the change would exceed (403), a body over its cap (413), or the token's rate limit (429); or a service reached directly wants the internal
 * token (401). The message is one line that says which, with the refusal's own words.
 */
public final class GatewayRefusalException extends AgentErrorException {

    private GatewayRefusalException(String message, int status, Problem problem) {
        super(message, status, problem);
    }

    /**
     * The refusal an answer of {@code status} stands for, or null if it is no refusal of the gateway's.
     *
     * @param tokenSent whether the request carried a token: a 403 or 413 of a service reached directly means
     *     something else
     * @param retryAfter the answer's {@code Retry-After}, in seconds, or null
     */
    static @Nullable GatewayRefusalException of(int status, Problem problem, boolean tokenSent,
                                                @Nullable String retryAfter) {
        String detail = problem.message().strip().replaceAll("\\.+$", "");
        String message = switch (status) {
            case 401 -> tokenSent
                    ? "the token was refused (401): " + detail + ". Log in again with berth login."
                    : detail.contains(InternalToken.HEADER)
                    ? "the service wants the installation's internal token (401): " + detail + ". Run berth as root"
                            + " (it reads " + InternalToken.DEFAULT_FILE + "), set " + AgentClient.INTERNAL_TOKEN_VARIABLE
                            + " to a copy you may read, or log in to the gateway with berth login."
                    : "a token is needed (401): " + detail + ". Log in with berth login, or set "
                            + Endpoint.TOKEN_VARIABLE + ".";
            case 403 -> !tokenSent ? null : problem.type() != null && problem.type().endsWith("/quota-exceeded")
                    ? "over the tenant's quota (403): " + detail : "the token may not do this (403): " + detail;
            case 413 -> tokenSent ? "the request is too large for the gateway (413): " + detail : null;
            case 429 -> tokenSent ? "too many requests with this token (429): retry after "
                    + (retryAfter == null ? "a while" : retryAfter.strip() + " s") : null;
            default -> null;
        };
        return message == null ? null : new GatewayRefusalException(message, status, problem);
    }
}
