package dev.berth.logs.client;

import dev.berth.internalauth.InternalToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Ships batches to {@code POST /internal/v1/logs} and returns the acks. The caller keeps its own spool (for the agent,
 * the log files and the acked offsets): after a failure it sends again from the last ack, and log-service drops what
 * it already holds.
 */
public final class LogShipperClient {
    private static final Pattern ACK = Pattern.compile(
            "\\{\"container\":\"([^\"]+)\",\"stream\":\"([a-z]+)\",\"end\":(\\d+)}");

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final @Nullable InternalToken token;

    /** @param baseUri such as {@code http://127.0.0.1:7730} */
    public LogShipperClient(URI baseUri, Duration timeout) {
        this(baseUri, timeout, null);
    }

    /** @param token sent with every batch, for a log-service that requires it; null for one that does not */
    public LogShipperClient(URI baseUri, Duration timeout, @Nullable InternalToken token) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build(), baseUri,
                timeout, token);
    }

    public LogShipperClient(HttpClient http, URI baseUri, Duration timeout) {
        this(http, baseUri, timeout, null);
    }

    private LogShipperClient(HttpClient http, URI baseUri, Duration timeout, @Nullable InternalToken token) {
        this.http = http;
        this.endpoint = baseUri.resolve("/internal/v1/logs");
        this.timeout = timeout;
        this.token = token;
    }

    public List<Ack> ship(WireWriter batch) throws ShipException, InterruptedException {
        return ship(batch.toByteArray());
    }

    public List<Ack> ship(byte[] body) throws ShipException, InterruptedException {
        HttpRequest request = InternalToken.present(token, HttpRequest.newBuilder(endpoint)).timeout(timeout)
                .header("Content-Type", LogWire.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ShipException("no answer from " + endpoint + ": " + e, 0, e);
        }
        if (response.statusCode() != 200) {
            throw new ShipException(endpoint + " answered " + response.statusCode() + ": " + response.body(),
                    response.statusCode(), null);
        }
        return parseAcks(response.body());
    }

    /** Reads {@code {"acks":[{"container":…,"stream":…,"end":…},…]}} as log-service writes it. */
    public static List<Ack> parseAcks(String json) {
        List<Ack> acks = new ArrayList<>();
        Matcher matcher = ACK.matcher(json);
        while (matcher.find()) {
            acks.add(new Ack(matcher.group(1), Stream.parse(matcher.group(2)), Long.parseLong(matcher.group(3))));
        }
        return acks;
    }
}
