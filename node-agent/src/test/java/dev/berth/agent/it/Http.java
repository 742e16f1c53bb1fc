package dev.berth.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain GETs from the host to a published port, retried while the server in the container starts. */
final class Http {
    private Http() {}

    record Reply(int status, String body) {}

    /** The first answer within {@code patience}; throws if there is none. */
    static Reply get(String host, int port, String path, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return getOnce(host, port, path);
            } catch (IOException e) {
                last = e;
                LimitsIT.sleep(Duration.ofMillis(50));
            }
        }
        throw new AssertionError("no HTTP answer from " + host + ":" + port + path + " within " + patience, last);
    }

    static Reply getOnce(String host, int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        try {
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Reply(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }
}
