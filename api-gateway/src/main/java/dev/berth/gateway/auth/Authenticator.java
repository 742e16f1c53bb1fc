package dev.berth.gateway.auth;

import dev.berth.gateway.token.ApiToken;
import dev.berth.gateway.token.TokenId;
import dev.berth.gateway.token.TokenRecord;
import dev.berth.gateway.token.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials to a {@link Caller}. Blocking: it reads the token's row (through a {@link TokenCache} of a second or
 * less), so the web edge calls it off the event loop.
 * Every failure says the same to the client apart from its reason (missing, unknown, revoked, expired); none tells
 * whether a token id exists in another tenant. The last use of a token is written at most once a minute.
 */
public final class Authenticator {
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final TokenStore tokens;
    private final TokenCache cache;
    private final RegistryTokens registryTokens;
    private final Clock clock;
    private final Map<TokenId, Instant> touched = new ConcurrentHashMap<>();

    public Authenticator(TokenStore tokens, TokenCache cache, RegistryTokens registryTokens, Clock clock) {
        this.tokens = tokens;
        this.cache = cache;
        this.registryTokens = registryTokens;
        this.clock = clock;
    }

    /** The caller the credentials name, reading the token's row (and noting its use) if need be: it may block. */
    public Caller authenticate(Optional<Credentials> credentials) {
        return check(credentials, true).orElseThrow();
    }

    /**
     * The same without ever blocking: empty when that would need PostgreSQL (the token's row not cached, or its
     * use due to be noted), for {@link #authenticate} off the event loop.
     */
    public Optional<Caller> authenticateWithoutBlocking(Optional<Credentials> credentials) {
        return check(credentials, false);
    }

    private Optional<Caller> check(Optional<Credentials> credentials, boolean mayBlock) {
        Credentials presented = credentials.orElseThrow(() -> new AuthenticationException(
                "an API token is required: Authorization: Bearer berth_..."));
        Instant now = clock.instant();
        Optional<ApiToken> apiToken = ApiToken.parse(presented.secret());
        TokenId id;
        if (apiToken.isPresent()) {
            id = apiToken.get().id();
        } else {
            id = registryTokens.verify(presented.secret(), now).orElseThrow(() -> new AuthenticationException(
                    "the credentials are not a Berth API token"));
        }
        TokenStore.Stored stored;
        if (mayBlock) {
            stored = cache.find(id, tokens::find).orElseThrow(() -> new AuthenticationException("unknown token"));
        } else {
            stored = cache.cached(id);
            if (stored == null || touchDue(id, now)) {
                return Optional.empty();
            }
        }
        if (apiToken.isPresent() && !apiToken.get().matches(stored.secretHash())) {
            throw new AuthenticationException("unknown token");
        }
        TokenRecord token = stored.token();
        if (token.revoked() != null) {
            throw new AuthenticationException("the token " + id + " was revoked");
        }
        if (token.expires() != null && !now.isBefore(token.expires())) {
            throw new AuthenticationException("the token " + id + " expired at " + token.expires());
        }
        if (mayBlock) {
            touch(id, now);
        }
        return Optional.of(new Caller(id, token.tenant(), token.principal(), token.scopes()));
    }

    private boolean touchDue(TokenId id, Instant now) {
        Instant last = touched.get(id);
        return last == null || !now.isBefore(last.plus(TOUCH_EVERY));
    }

    private void touch(TokenId id, Instant now) {
        if (touchDue(id, now)) {
            touched.put(id, now);
            tokens.touch(id, now);
        }
    }
}
