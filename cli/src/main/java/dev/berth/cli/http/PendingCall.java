package dev.berth.cli.http;

import dev.berth.cli.CliException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A request in flight whose answer may take long, such as {@code wait}. {@link #answered()} completes when the
 * agent's status line and headers arrive, which an agent that registers the request first and answers later can use
 * to tell the client it is listening; {@link #result()} completes with the body.
 */
public record PendingCall<T>(CompletableFuture<Void> answered, CompletableFuture<T> result) {

    /** The result, or null if it did not come within {@code timeout}. */
    public @Nullable T resultWithin(Duration timeout) {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            // The client has already turned the failure into a CliException.
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new CliException("the node agent call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for the node agent");
        }
    }

    public void cancel() {
        result.cancel(true);
        answered.cancel(true);
    }
}
