package dev.berth.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A client of the gateway, the way curl or the CLI would call it. */
final class Http {
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, @Nullable String authorization, @Nullable String json,
                              String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, @Nullable String token, String... headers)
            throws IOException, InterruptedException {
        return send("GET", path, token == null ? null : bearer(token), null, headers);
    }

    HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return send("POST", path, bearer(token), json);
    }

    HttpResponse<String> put(String path, String token, String json) throws IOException, InterruptedException {
        return send("PUT", path, bearer(token), json);
    }

    HttpResponse<String> delete(String path, String token) throws IOException, InterruptedException {
        return send("DELETE", path, bearer(token), null);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A string field of a JSON answer; enough for the flat objects the gateway answers. */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no field " + name + " in " + json);
        }
        return matcher.group(1);
    }

    /** Creates a tenant and a token in it, as a platform admin; the token's secret. */
    String token(String admin, String tenant, String principal, String scopes, @Nullable String expiresIn)
            throws IOException, InterruptedException {
        if (tenant != null) {
            send("POST", "/api/v1/tenants", bearer(admin), "{\"name\":\"" + tenant + "\"}");
        }
        HttpResponse<String> created = post("/api/v1/tokens", admin, "{\"tenant\":\"" + tenant + "\",\"principal\":\""
                + principal + "\",\"scopes\":[" + scopes + "]"
                + (expiresIn == null ? "" : ",\"expiresIn\":\"" + expiresIn + "\"") + "}");
        if (created.statusCode() != 201) {
            throw new AssertionError("token for " + principal + " of " + tenant + ": " + created.statusCode() + " "
                    + created.body());
        }
        return field(created.body(), "token");
    }
}
