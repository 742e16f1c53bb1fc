package dev.berth.agent.network.proxy;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of closing a forwarder. Waits are bounded: a thread that does not end is reported, never waited on forever,
 * since close() runs when a container stops and must not hang the agent.
 */
final class Teardown {
    private static final Logger log = LoggerFactory.getLogger(Teardown.class);
    static final Duration WAIT = Duration.ofSeconds(5);

    private Teardown() {}

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close: {}", e.toString());
        }
    }

    static void join(Thread thread) {
        try {
            if (!thread.join(WAIT)) {
                log.warn("{} still running {} after close", thread.getName(), WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void shutdown(ExecutorService workers, String name) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: worker threads still running {} after close", name, WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
