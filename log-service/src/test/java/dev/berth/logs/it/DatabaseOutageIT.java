package dev.berth.logs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** PostgreSQL away for ten seconds: batches are answered 503 meanwhile, and nothing acked is lost. */
class DatabaseOutageIT {
    private static final String SCHEMA = TestDatabase.schema("logs_it_", "outage");

    @Test
    void batchesAreAnswered503WhileTheDatabaseIsAwayAndNothingAckedIsLost() throws Exception {
        URI database = URI.create(TestDatabase.url().substring("jdbc:".length()));
        try (PausableProxy proxy = new PausableProxy(database.getHost(), database.getPort())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath();
            int port = ServiceInstance.freePort();
            LogClient client = new LogClient(port);
            try (ServiceInstance service = ServiceInstance.start(port, SCHEMA, viaProxy)) {
                Flood flood = new Flood(client.shipper, new Source("t1", "app", "steady", Stream.STDOUT, "node-1"),
                        150_000, 16 * 1024);
                Thread sender = Thread.ofPlatform().start(flood);
                while (flood.acked.get() < flood.file.length / 4 && sender.isAlive()) {
                    Thread.sleep(5);
                }
                proxy.pause();
                long ackedAtPause = flood.acked.get();
                Thread.sleep(10_000);
                int statusesDuringPause = flood.statuses.size();
                proxy.resume();
                sender.join(120_000);
                assertThat(flood.failure).isNull();
                assertThat(ackedAtPause).isLessThan(flood.file.length);
                assertThat(flood.statuses).as("answers while PostgreSQL was away").contains(503);
                // Refused quickly: the agent is told to come back, not held for long.
                assertThat(flood.refusalMillis).allMatch(millis -> millis < 8000, "each 503 within 8 s");
                assertThat(statusesDuringPause).isGreaterThan(1);
                flood.check(client.text("tenant=t1&container=steady"));
            }
        }
    }
}
