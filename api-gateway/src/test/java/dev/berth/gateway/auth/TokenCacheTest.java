package dev.berth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.Scope;
import dev.berth.gateway.token.TokenId;
import dev.berth.gateway.token.TokenRecord;
import dev.berth.gateway.token.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private static final TokenId ID = new TokenId("0123456789abcdef");

    private final AtomicLong nanos = new AtomicLong();
    private final TokenCache cache = new TokenCache(Duration.ofSeconds(1), nanos::get);
    private final List<TokenId> reads = new ArrayList<>();
    private @Nullable Instant revoked;

    private Optional<TokenStore.Stored> read(TokenId id) {
        reads.add(id);
        return Optional.of(new TokenStore.Stored(new TokenRecord(id, new TenantName("acme"), "ci", PrincipalKind.USER,
                Set.of(Scope.READ), null, Instant.EPOCH, null, revoked, null), new byte[32]));
    }

    @Test
    void aRowServesTheRequestsOfASecondAndIsReadAgainAfter() {
        cache.find(ID, this::read);
        nanos.set(Duration.ofMillis(999).toNanos());
        cache.find(ID, this::read);
        assertThat(reads).hasSize(1);

        nanos.set(Duration.ofSeconds(1).toNanos());
        cache.find(ID, this::read);
        assertThat(reads).hasSize(2);
    }

    @Test
    void theRowIsAtHandWithoutAReadOnlyWhileItIsFreshAndNotForgotten() {
        assertThat(cache.cached(ID)).isNull();
        cache.find(ID, this::read);
        nanos.set(Duration.ofMillis(999).toNanos());
        assertThat(cache.cached(ID)).isNotNull();
        nanos.set(Duration.ofSeconds(1).toNanos());
        assertThat(cache.cached(ID)).isNull();

        cache.find(ID, this::read);
        cache.forget(ID);
        assertThat(cache.cached(ID)).isNull();
        assertThat(reads).hasSize(2);
    }

    @Test
    void aRevocationHereIsSeenByTheNextRequest() {
        cache.find(ID, this::read);
        revoked = Instant.EPOCH;
        cache.forget(ID);

        assertThat(cache.find(ID, this::read).orElseThrow().token().revoked()).isEqualTo(Instant.EPOCH);
        assertThat(reads).hasSize(2);
    }

    @Test
    void aRowReadWhileARevocationWasUnderWayIsNotKept() {
        cache.find(ID, id -> {
            Optional<TokenStore.Stored> before = read(id);
            cache.forget(ID);
            return before;
        });
        cache.find(ID, this::read);

        assertThat(reads).hasSize(2);
    }

    @Test
    void anUnknownTokenIsNeverKeptAndAZeroTtlKeepsNothing() {
        cache.find(ID, id -> {
            reads.add(id);
            return Optional.empty();
        });
        cache.find(ID, this::read);
        assertThat(reads).hasSize(2);

        TokenCache none = new TokenCache(Duration.ZERO, nanos::get);
        none.find(ID, this::read);
        none.find(ID, this::read);
        assertThat(reads).hasSize(4);
    }
}
