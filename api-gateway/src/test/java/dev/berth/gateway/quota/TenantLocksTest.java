package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.tenant.TenantName;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantLocksTest {
    private static final TenantName ACME = new TenantName("acme");

    @Test
    void aSecondChangeOfTheTenantWaitsForTheFirstAndAnotherTenantDoesNot() throws Exception {
        TenantLocks locks = new TenantLocks(Duration.ofSeconds(5));
        TenantLocks.Held first = locks.lock(ACME);
        CompletableFuture<TenantLocks.Held> second = CompletableFuture.supplyAsync(() -> locks.lock(ACME));
        locks.lock(new TenantName("globex")).close();
        Thread.sleep(100);
        assertThat(second).isNotDone();
        first.close();
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        // Closed twice, released once: the lock is free again, and only once.
        TenantLocks.Held third = locks.lock(ACME);
        CompletableFuture<TenantLocks.Held> fourth = CompletableFuture.supplyAsync(() -> locks.lock(ACME));
        Thread.sleep(100);
        assertThat(fourth).isNotDone();
        third.close();
        fourth.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void waitingTooLongIsTooManyRequests() {
        TenantLocks locks = new TenantLocks(Duration.ofMillis(50));
        locks.lock(ACME);
        assertThatThrownBy(() -> locks.lock(ACME)).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).problem()).isEqualTo(Problem.TOO_MANY_REQUESTS));
    }
}
