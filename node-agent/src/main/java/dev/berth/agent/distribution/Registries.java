package dev.berth.agent.distribution;

import dev.berth.internalauth.InternalToken;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The registries this node talks to: the default one (for references that name none) and any other a reference
 * names, over one shared HTTP client.
 */
public final class Registries implements AutoCloseable {
    private final HttpClient http;
    private final String defaultRegistry;
    private final Set<String> insecure;
    private final Duration readTimeout;
    private final @Nullable InternalToken token;

    public Registries(String defaultRegistry, Set<String> insecure, Duration readTimeout) {
        this(defaultRegistry, insecure, readTimeout, null);
    }

    /**
     * @param defaultRegistry {@code host[:port]} of the registry for references without a host, such as Berth's own
     *     registry-service at {@code 127.0.0.1:7720}
     * @param insecure registries off loopback that are spoken to over plain HTTP
     * @param readTimeout how long a layer's download may receive nothing before it is cut off
     * @param token the internal token, sent to the default registry only: other registries never see it
     */
    public Registries(String defaultRegistry, Set<String> insecure, Duration readTimeout,
                      @Nullable InternalToken token) {
        this.token = token;
        if (defaultRegistry.isBlank() || defaultRegistry.contains("/")) {
            throw new IllegalArgumentException("the default registry must be host[:port], not '" + defaultRegistry
                    + "'");
        }
        this.defaultRegistry = defaultRegistry;
        this.insecure = Set.copyOf(insecure);
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public String defaultRegistry() {
        return defaultRegistry;
    }

    public RemoteReference parse(String reference) {
        return RemoteReference.parse(reference, defaultRegistry);
    }

    RegistryClient client(String registry) {
        return client(registry, null);
    }

    /** A client of {@code registry} for one push or pull, with the credentials its caller gave, if any. */
    RegistryClient client(String registry, @Nullable RegistryCredentials credentials) {
        return new RegistryClient(http, registry, insecure, readTimeout,
                registry.equals(defaultRegistry) ? token : null, credentials);
    }

    /**
     * Searches the default registry's repositories ({@code GET /api/v1/images/search}, which Berth's registry
     * offers), and returns its answer as it is.
     */
    public JsonNode search(String term, int limit) {
        String query = "/api/v1/images/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8) + "&n=" + limit;
        try {
            return client(defaultRegistry).getJson(query, "searching " + defaultRegistry + " for '" + term + "'");
        } catch (RegistryException e) {
            if (e.status() == 404) {
                throw new RegistryException(501, null, "registry " + defaultRegistry + " offers no search (only"
                        + " Berth's registry-service does)");
            }
            throw e;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
