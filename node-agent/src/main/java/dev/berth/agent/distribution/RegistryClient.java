package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import dev.berth.internalauth.InternalToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OCI Distribution API of one registry, as a client. Registries on loopback, and those named insecure, are
 * spoken to over plain HTTP; others over HTTPS, as Docker does. A registry that answers 401 gets the credentials it
 * asks for ({@link RegistryAuth}), and the request once more.
 */
final class RegistryClient {
    /** The most a manifest or an image config may be: both are read into memory. */
    static final int MAX_DOCUMENT = 8 * 1024 * 1024;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String registry;
    private final URI base;
    private final Duration readTimeout;
    private final @Nullable InternalToken token;
    private final RegistryAuth auth;

    /**
     * @param registry {@code host[:port]}
     * @param insecure registries ({@code host[:port]}) spoken to over plain HTTP although not on loopback
     * @param readTimeout how long a blob's body may send nothing before it is cut off
     * @param token sent with every request: for Berth's own registry when it requires it, never for another
     * @param credentials for a registry that asks for them; null for none
     */
    RegistryClient(HttpClient http, String registry, Set<String> insecure, Duration readTimeout,
                   @Nullable InternalToken token, @Nullable RegistryCredentials credentials) {
        this.http = http;
        this.token = token;
        this.auth = new RegistryAuth(http, registry, credentials);
        this.registry = registry;
        this.readTimeout = readTimeout;
        String scheme = isLoopback(registry) || insecure.contains(registry) ? "http" : "https";
        this.base = URI.create(scheme + "://" + registry);
    }

    String registry() {
        return registry;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    /** A document (manifest) as fetched, with its media type and the digest of its bytes. */
    record Document(byte[] bytes, String mediaType, Digest digest) {}

    /**
     * Fetches a manifest by tag or digest, asking for {@code accept}. Fetched by digest, its bytes must have that
     * digest.
     */
    Document manifest(String repository, String reference, List<String> accept) {
        String what = "manifest " + repository + ":" + reference + " in " + registry;
        HttpRequest request = request(uri("/v2/" + repository + "/manifests/" + reference))
                .timeout(REQUEST_TIMEOUT).header("Accept", String.join(", ", accept)).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        byte[] bytes = body(response, what);
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), bytes, what);
        }
        Digest digest = Digest.sha256Of(bytes);
        if (reference.startsWith("sha256:") && !reference.equals(digest.toString())) {
            throw new RegistryException(502, "DIGEST_INVALID", what + ": the registry sent a manifest whose digest"
                    + " is " + digest);
        }
        String type = response.headers().firstValue("Content-Type").map(RegistryClient::bareType).orElse("");
        if (!MediaTypes.MANIFESTS.contains(type)) {
            @Nullable String declared = ImageManifest.declaredType(bytes, what);
            type = declared != null ? declared : type;
        }
        return new Document(bytes, type, digest);
    }

    /** Fetches a small blob (an image config) whole, and checks its size and digest. */
    byte[] smallBlob(String repository, Descriptor descriptor) {
        String what = "blob " + descriptor.digest() + " of " + repository + " in " + registry;
        if (descriptor.size() > MAX_DOCUMENT) {
            throw new RegistryException(502, "SIZE_INVALID", what + " is " + descriptor.size()
                    + " bytes; an image config may be at most " + MAX_DOCUMENT);
        }
        HttpResponse<InputStream> response = openBlob(repository, descriptor.digest());
        byte[] bytes = body(response, what);
        Digest digest = Digest.sha256Of(bytes);
        if (bytes.length != descriptor.size() || !digest.equals(descriptor.digest())) {
            throw new RegistryException(502, "DIGEST_INVALID", what + ": got " + bytes.length + " bytes with digest "
                    + digest + ", expected " + descriptor.size() + " bytes");
        }
        return bytes;
    }

    /** Opens a blob for reading; the caller checks what it reads. */
    HttpResponse<InputStream> openBlob(String repository, Digest digest) {
        String what = "blob " + digest + " of " + repository + " in " + registry;
        HttpRequest request = request(uri("/v2/" + repository + "/blobs/" + digest)).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), body(response, what), what);
        }
        return response;
    }

    boolean hasBlob(String repository, Digest digest) {
        String what = "blob " + digest + " of " + repository + " in " + registry;
        HttpRequest request = request(uri("/v2/" + repository + "/blobs/" + digest))
                .timeout(REQUEST_TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), what);
        return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw new RegistryException(response.statusCode(), null, what + ": HEAD answered "
                    + response.statusCode());
        };
    }

    /**
     * Uploads a blob in two requests, as the spec requires every registry to take: {@code POST} opens an upload, and
     * one {@code PUT} with the digest sends all of it and completes it.
     */
    void upload(String repository, Digest digest, long size, Supplier<InputStream> content) {
        String what = "upload of " + digest + " to " + repository + " in " + registry;
        HttpRequest open = request(uri("/v2/" + repository + "/blobs/uploads/"))
                .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> opened = send(open, HttpResponse.BodyHandlers.ofInputStream(), what);
        byte[] answer = body(opened, what);
        if (opened.statusCode() != 202) {
            throw error(opened.statusCode(), answer, what);
        }
        String location = opened.headers().firstValue("Location").orElseThrow(() -> new RegistryException(502,
                null, what + ": the registry opened an upload without a Location"));
        URI target = base.resolve(location);
        String query = target.getRawQuery();
        URI put = URI.create(target.toString() + (query == null ? "?" : "&") + "digest=" + digest);
        HttpRequest send = request(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content),
                        size))
                .build();
        HttpResponse<InputStream> done = send(send, HttpResponse.BodyHandlers.ofInputStream(), what);
        byte[] result = body(done, what);
        if (done.statusCode() != 201) {
            throw error(done.statusCode(), result, what);
        }
    }

    /** Stores a manifest under a tag, and returns its digest. */
    Digest putManifest(String repository, String tag, String mediaType, byte[] manifest) {
        String what = "manifest " + repository + ":" + tag + " in " + registry;
        HttpRequest request = request(uri("/v2/" + repository + "/manifests/" + tag))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        byte[] answer = body(response, what);
        if (response.statusCode() != 201) {
            throw error(response.statusCode(), answer, what);
        }
        return Digest.sha256Of(manifest);
    }

    /** A GET of a JSON document outside {@code /v2/}, such as Berth's search. */
    JsonNode getJson(String pathAndQuery, String what) {
        HttpRequest request = request(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), what);
        byte[] bytes = body(response, what);
        if (response.statusCode() != 200) {
            throw error(response.statusCode(), bytes, what);
        }
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new RegistryException(502, null, what + ": the registry's answer is not JSON");
        }
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = InternalToken.present(token, HttpRequest.newBuilder(uri));
        String authorization = auth.authorization();
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    /** Sends; on a 401, answers the registry's challenge and sends once more, with what it asked for. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        HttpResponse<T> response = exchange(request, handler, what);
        if (response.statusCode() != 401) {
            return response;
        }
        discard(response);
        if (!auth.answer(response.headers().allValues("WWW-Authenticate"), what)) {
            throw unauthorized(what);
        }
        HttpRequest again = HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", Objects.requireNonNull(auth.authorization())).build();
        HttpResponse<T> retried = exchange(again, handler, what);
        if (retried.statusCode() == 401) {
            discard(retried);
            throw unauthorized(what);
        }
        return retried;
    }

    private RegistryException unauthorized(String what) {
        return new RegistryException(401, "UNAUTHORIZED", what + ": registry " + registry + (auth.hasCredentials()
                ? " refused the credentials given for it" : " requires credentials, and none were given (log in, or"
                + " send " + RegistryCredentials.HEADER + ")"));
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream body) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused
            }
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new RegistryUnreachableException("registry " + registry + " did not answer in time (" + what + ")",
                    e);
        } catch (ConnectException e) {
            throw new RegistryUnreachableException("registry " + registry + " is unreachable at " + base + ": "
                    + (e.getMessage() != null ? e.getMessage() : "connection refused"), e);
        } catch (IOException e) {
            throw new RegistryUnreachableException("registry " + registry + " failed during " + what + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("interrupted during " + what, e);
        }
    }

    /** Reads a body whole, refusing one larger than {@link #MAX_DOCUMENT}. */
    private byte[] body(HttpResponse<InputStream> response, String what) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_DOCUMENT + 1);
            if (bytes.length > MAX_DOCUMENT) {
                throw new RegistryException(502, "SIZE_INVALID", what + ": the registry's answer is larger than "
                        + MAX_DOCUMENT + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new RegistryUnreachableException("registry " + registry + " failed during " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /** The registry's own words: the first of its OCI errors, else the status. */
    static RegistryException error(int status, byte[] body, String what) {
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            if (first.isObject()) {
                String code = first.path("code").asString("");
                String message = first.path("message").asString("");
                return new RegistryException(status, code.isEmpty() ? null : code,
                        what + ": " + (code.isEmpty() ? "" : code + ": ") + message);
            }
        } catch (JacksonException ignored) {
            // not the OCI error form: the status is all there is
        }
        return new RegistryException(status, null, what + ": the registry answered " + status);
    }

    private static String bareType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, Math.max(1, registry.indexOf(']')))
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}
