package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aTlsHandshakeIsAnsweredAtOnceSoThatClientsFallBackToPlainHttp() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            // The first bytes of a TLS ClientHello: a handshake record of TLS 1.0 framing, with no line feed.
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.0 400 Bad Request\r\n")
                    .endsWith("Client sent an HTTPS request to an HTTP server.\n");
        }
        assertThat(http("/v2/")).as("plain HTTP goes on").isEqualTo(200);
    }

    private int http(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
