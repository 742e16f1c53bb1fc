package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.tenant.TenantName;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One lock per tenant, held from a quota check until the service has answered the change it let through, so that
 * two changes of a tenant through this gateway never pass against the same use. Blocking: taken off the event loop.
 * It does not reach across gateway instances.
 */
public final class TenantLocks {
    private final Map<TenantName, Semaphore> locks = new ConcurrentHashMap<>();
    private final Duration wait;

    public TenantLocks(Duration wait) {
        this.wait = wait;
    }

    /** Takes the tenant's lock, waiting at most the configured time; the caller must {@link Held#close} it. */
    public Held lock(TenantName tenant) {
        Semaphore lock = locks.computeIfAbsent(tenant, t -> new Semaphore(1));
        try {
            if (!lock.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new GatewayException(Problem.TOO_MANY_REQUESTS, "another change of tenant " + tenant
                        + " is being checked against its quota; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Problem.INTERNAL, "interrupted waiting for the quota lock of " + tenant, e);
        }
        return new Held(lock);
    }

    /** A lock held; closing it twice releases it once. */
    public static final class Held implements AutoCloseable {
        private final Semaphore lock;
        private boolean released;

        private Held(Semaphore lock) {
            this.lock = lock;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                lock.release();
            }
        }
    }
}
