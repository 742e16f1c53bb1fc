package dev.berth.agent.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Authorization} one push or pull sends to a registry that asks for one, worked out from the registry's
 * {@code WWW-Authenticate} challenge as Docker does: for {@code Bearer realm=…,service=…,scope=…}, a token fetched
 * from the realm (with the credentials as Basic auth, or anonymously without them); for {@code Basic}, the
 * credentials themselves. A registry that asks for nothing never sees the credentials.
 */
final class RegistryAuth {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One challenge: its scheme (lower case) and its parameters (names lower case). */
    record Challenge(String scheme, Map<String, String> parameters) {
        /**
         * The challenge of one {@code WWW-Authenticate} value, such as {@code Bearer realm="https://r/token",
         * service="r",scope="repository:a/b:pull"}; null when it is empty.
         */
        static @Nullable Challenge parse(String header) {
            String text = header.strip();
            if (text.isEmpty()) {
                return null;
            }
            int space = text.indexOf(' ');
            String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
            Map<String, String> parameters = new LinkedHashMap<>();
            int i = space < 0 ? text.length() : space + 1;
            while (i < text.length()) {
                int equals = text.indexOf('=', i);
                if (equals < 0) {
                    break;
                }
                String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
                StringBuilder value = new StringBuilder();
                int j = equals + 1;
                if (j < text.length() && text.charAt(j) == '"') {
                    for (j++; j < text.length() && text.charAt(j) != '"'; j++) {
                        if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                            j++;
                        }
                        value.append(text.charAt(j));
                    }
                    j++; // the closing quote
                } else {
                    for (; j < text.length() && text.charAt(j) != ','; j++) {
                        value.append(text.charAt(j));
                    }
                }
                parameters.put(name, value.toString().strip());
                int comma = text.indexOf(',', j);
                i = comma < 0 ? text.length() : comma + 1;
            }
            return new Challenge(scheme, parameters);
        }
    }

    private final HttpClient http;
    private final String registry;
    private final @Nullable RegistryCredentials credentials;
    private volatile @Nullable String authorization;

    RegistryAuth(HttpClient http, String registry, @Nullable RegistryCredentials credentials) {
        this.http = http;
        this.registry = registry;
        this.credentials = credentials;
    }

    /** What to send as {@code Authorization} now; null before the registry asked for anything. */
    @Nullable String authorization() {
        return authorization;
    }

    boolean hasCredentials() {
        return credentials != null;
    }

    /**
     * Answers the challenges of a 401: works out a new {@code Authorization}, and says whether the request is worth
     * sending again with it (not when it would be what was just refused).
     *
     * @throws RegistryException if the token realm refuses the credentials or answers nonsense
     */
    synchronized boolean answer(List<String> challenges, String what) {
        String refused = authorization;
        List<Challenge> parsed = new ArrayList<>();
        for (String header : challenges) {
            Challenge challenge = Challenge.parse(header);
            if (challenge != null) {
                parsed.add(challenge);
            }
        }
        for (Challenge challenge : parsed) {
            if (challenge.scheme().equals("bearer") && challenge.parameters().containsKey("realm")) {
                authorization = "Bearer " + token(challenge.parameters(), what);
                return !authorization.equals(refused);
            }
        }
        for (Challenge challenge : parsed) {
            if (challenge.scheme().equals("basic") && credentials != null) {
                authorization = credentials.basic();
                return !authorization.equals(refused);
            }
        }
        return false;
    }

    private String token(Map<String, String> challenge, String what) {
        StringBuilder query = new StringBuilder();
        for (String name : List.of("service", "scope")) {
            String value = challenge.get(name);
            if (value != null && !value.isEmpty()) {
                query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        String realm = challenge.get("realm");
        URI uri;
        try {
            uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(502, null, what + ": registry " + registry + " names a token realm that is"
                    + " not a URL: " + realm);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new RegistryException(502, null, what + ": registry " + registry + " names a token realm that is"
                    + " not http(s): " + realm);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept",
                "application/json").GET();
        if (credentials != null) {
            request.header("Authorization", credentials.basic());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryUnreachableException("the token service of registry " + registry + " at " + realm
                    + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("interrupted while asking " + realm + " for a token", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RegistryException(401, "UNAUTHORIZED", what + ": registry " + registry + (credentials == null
                    ? " requires credentials, and none were given (log in, or send " + RegistryCredentials.HEADER
                    + ")" : " refused the credentials given for it") + " (token service answered "
                    + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            throw new RegistryException(502, null, what + ": the token service of registry " + registry
                    + " answered " + response.statusCode());
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            String token = answer.path("token").asString("");
            if (token.isEmpty()) {
                token = answer.path("access_token").asString("");
            }
            if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
                throw new RegistryException(502, null, what + ": the token service of registry " + registry
                        + " answered no usable token");
            }
            return token;
        } catch (JacksonException e) {
            throw new RegistryException(502, null, what + ": the token service of registry " + registry
                    + " answered something that is not JSON");
        }
    }
}
