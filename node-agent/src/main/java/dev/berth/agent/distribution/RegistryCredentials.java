package dev.berth.agent.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user name and password (or API token) for one push or pull, as a client hands them over in the Docker Engine
 * API's {@code X-Registry-Auth} header: base64 (URL-safe or standard) of {@code {"username": …, "password": …}}.
 * Never stored: they live as long as the request.
 */
public record RegistryCredentials(String username, String password) {
    public static final String HEADER = "X-Registry-Auth";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public RegistryCredentials {
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException(HEADER + ": a user name may not contain ':'");
        }
    }

    /**
     * The credentials of an {@code X-Registry-Auth} header; null for none (absent, empty, or {@code {}}).
     *
     * @throws IllegalArgumentException if the header is not base64 of a JSON object with a password
     */
    public static @Nullable RegistryCredentials fromHeader(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        byte[] json;
        try {
            String text = header.strip();
            json = text.indexOf('+') >= 0 || text.indexOf('/') >= 0 ? Base64.getDecoder().decode(text)
                    : Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HEADER + " is not base64: " + e.getMessage());
        }
        JsonNode auth;
        try {
            auth = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(HEADER + " is not base64 of a JSON object: " + e.getOriginalMessage());
        }
        if (!auth.isObject()) {
            throw new IllegalArgumentException(HEADER + " is not base64 of a JSON object");
        }
        if (auth.isEmpty()) {
            return null;
        }
        String password = auth.path("password").asString("");
        if (password.isEmpty()) {
            password = auth.path("identitytoken").asString("");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(HEADER + " names no password (or identitytoken)");
        }
        return new RegistryCredentials(auth.path("username").asString(""), password);
    }

    /** The {@code X-Registry-Auth} header that carries these. */
    public String toHeader() {
        String json = JSON.createObjectNode().put("username", username).put("password", password).toString();
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization: Basic} header with these. */
    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + ", password hidden]";
    }
}
