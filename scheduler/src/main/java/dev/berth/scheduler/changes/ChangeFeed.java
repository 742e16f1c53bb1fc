package dev.berth.scheduler.changes;

import dev.berth.scheduler.db.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens, on a connection of its own, to channel {@value #CHANNEL}, on which the triggers of migration V4 notify
 * at every commit that changes an app, a service, a version or a replica. Every notification for this schema is a
 * new generation, told to every subscriber.
 *
 * <p>A subscriber learns the current generation as it subscribes. While the connection is down nothing can be
 * known about changes: every subscriber is told it lost the feed and dropped, and no one can subscribe until the
 * connection is back. The first generation after that is a new one, for what may have changed in between.
 */
public final class ChangeFeed implements AutoCloseable {
    static final String CHANNEL = "berth_scheduler_changes";
    /** The session's {@code application_name}, followed by the schema. */
    public static final String APPLICATION_NAME = "berth-change-feed:";
    /** How often the listening session is checked with a round trip. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** What a subscriber is told. Called on the feed's thread: it must not block. */
    public interface Subscriber {
        /** Something may have changed: {@code generation} is new. */
        void changed(long generation);

        /** The feed is lost: changes from here on go untold. Nothing more is said to this subscriber. */
        void lost();
    }

    private final ConnectionFactory connections;
    private final String schema;
    private final Duration retry;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final AtomicLong generation = new AtomicLong();
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean closed;
    private volatile @Nullable Connection connection;

    public ChangeFeed(ConnectionFactory connections, String schema, Duration retry) {
        this.connections = connections;
        this.schema = schema;
        this.retry = retry;
        this.thread = Thread.ofPlatform().name("berth-change-feed").daemon().start(this::run);
    }

    /**
     * Adds a subscriber and tells it the current generation.
     *
     * @return false, and nothing added, while the feed is not listening
     */
    public boolean subscribe(Subscriber subscriber) {
        synchronized (subscribers) {
            if (!listening) {
                return false;
            }
            subscribers.add(subscriber);
            subscriber.changed(generation.get());
            return true;
        }
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    private void run() {
        while (!closed) {
            try (Connection c = connections.open()) {
                connection = c;
                try (PreparedStatement name = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                    // Named, so that an operator sees it in pg_stat_activity for what it is.
                    name.setString(1, APPLICATION_NAME + schema);
                    name.execute();
                }
                try (Statement statement = c.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notifications = c.unwrap(PGConnection.class);
                synchronized (subscribers) {
                    listening = true;
                    announce();
                }
                log.info("listening to {} for schema {}", CHANNEL, schema);
                long probed = System.nanoTime();
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(1000);
                    if (received != null && mentionsThisSchema(received)) {
                        synchronized (subscribers) {
                            announce();
                        }
                    }
                    if (System.nanoTime() - probed > PROBE_EVERY.toNanos()) {
                        probe(c);
                        probed = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("the change feed's connection failed, subscribers are dropped until it is back: {}",
                            e.getMessage());
                }
            } finally {
                connection = null;
                lose();
            }
            sleep();
        }
    }

    /**
     * A round trip on the listening session: waiting for notifications reads nothing from a connection whose peer
     * vanished without closing it, and such a feed would say nothing forever while changes go untold.
     */
    private static void probe(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.setQueryTimeout(5);
            statement.execute("SELECT 1");
        }
    }

    private boolean mentionsThisSchema(PGNotification[] received) {
        for (PGNotification notification : received) {
            if (schema.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** Called holding the subscribers' lock, so that a subscriber is told the generations in order. */
    private void announce() {
        long next = generation.incrementAndGet();
        for (Subscriber subscriber : subscribers) {
            subscriber.changed(next);
        }
    }

    private void lose() {
        synchronized (subscribers) {
            listening = false;
            for (Subscriber subscriber : subscribers) {
                subscriber.lost();
            }
            subscribers.clear();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
