package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients reuse one connection for many requests (skopeo, docker and the node agent all do). An answer made on a
 * worker thread (a database lookup), followed on the same connection by one made at once on the event loop, once
 * left the second request unread until the client gave up: a Reactor Netty race, fixed in the version the build pins.
 */
class KeepAliveIT extends RegistryIT {

    @Test
    void everyRequestOnOneConnectionIsAnswered() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            for (String path : List.of("/v2/keepalive/none/tags/list", "/v2/")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(2)).build();
                try {
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                } catch (HttpTimeoutException e) {
                    unanswered.add(i + ": " + path);
                } catch (IOException e) {
                    unanswered.add(i + ": " + path + ": " + e);
                }
            }
        }
        assertThat(unanswered).isEmpty();
    }
}
