package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The registry's HTTP API as a client sees it, without any client library in between. */
final class V2Client {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    V2Client(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    record Response(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The first error's code, of an OCI error body. */
        String errorCode() {
            return json().path("errors").path(0).path("code").asString();
        }

        String errorMessage() {
            return json().path("errors").path(0).path("message").asString();
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + (body.length > 2000 ? body.length + " bytes" : text());
        }
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response head(String path, String... headers) {
        return send("HEAD", path, null, headers);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response post(String path, byte[] body, String... headers) {
        return send("POST", path, body, headers);
    }

    Response put(String path, byte[] body, String... headers) {
        return send("PUT", path, body, headers);
    }

    Response patch(String path, byte[] body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    /** A body of unknown length, sent with chunked transfer encoding, as docker streams a layer. */
    Response patchStreamed(String path, byte[] body) {
        HttpRequest.Builder request = request(path).method("PATCH",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        request.header("Content-Type", "application/octet-stream");
        return send(request.build());
    }

    Response send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Pushes a whole blob in one request ({@code POST ?digest=}) and returns its digest. */
    String pushBlob(String repository, byte[] content) {
        String digest = digest(content);
        Response response = post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return digest;
    }

    /** Starts an upload and returns its Location. */
    String startUpload(String repository) {
        Response response = post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.header("Location")).isNotNull();
        return response.header("Location");
    }

    Response pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        return put("/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", mediaType);
    }

    /**
     * Sends a request whose body stops after {@code sent} of its announced {@code declared} bytes, then drops the
     * connection: a client that died halfway.
     */
    void sendAndHangUp(String method, String path, long declared, byte[] sent) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(sent);
            out.flush();
            // Long enough for the bytes to be read before the connection goes away.
            Thread.sleep(200);
        } catch (IOException e) {
            throw new AssertionError("raw " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a request whose body is still being sent when this returns; closing the socket ends it. */
    Socket holdOpen(String method, String path, long declared, byte[] sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(sent);
        out.flush();
        return socket;
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> texts(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }
}
