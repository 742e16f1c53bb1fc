package dev.berth.cli.api;

import dev.berth.cli.CliException;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The agent's {@code /v1/images} endpoints. An image is named by {@code name[:tag]}, its id, or an id prefix. */
public final class ImageApi {

    private final AgentClient client;

    public ImageApi(AgentClient client) {
        this.client = client;
    }

    /**
     * Sends a rootfs tar (plain or gzip) as the request body, read from {@code tar} while it is sent.
     *
     * @param name {@code name[:tag]} for the new image, or null for an untagged one
     * @param changes Dockerfile lines to apply to the image's config ({@code CMD ["sh"]}), one parameter each
     */
    public ImageImported importTar(BodyPublisher tar, @Nullable String name, List<String> changes) {
        ApiPath path = ApiPath.of("v1", "images", "import").query("name", name);
        for (String change : changes) {
            path = path.query("changes", change);
        }
        return client.upload(path, tar, "application/x-tar", ImageImported.class);
    }

    public List<ImageSummary> list() {
        return List.of(client.get(ApiPath.of("v1", "images"), ImageSummary[].class));
    }

    public JsonNode inspect(String ref) {
        return client.getTree(ApiPath.of("v1", "images", ref));
    }

    /** Untags the reference and deletes the image once no tag is left, or at once with {@code force}. */
    public List<ImageDeletion> remove(String ref, boolean force) {
        return List.of(client.delete(
                ApiPath.of("v1", "images", ref).query("force", force ? "true" : null), ImageDeletion[].class));
    }

    /** Gives the image {@code source} names another name, {@code name[:tag]}. */
    public void tag(String source, String target) {
        client.post(ApiPath.of("v1", "images", source, "tag").query("repo", target), ImageTagged.class);
    }

    /** The steps that made the image, newest first. */
    public List<HistoryStep> history(String ref) {
        return List.of(client.get(ApiPath.of("v1", "images", ref, "history"), HistoryStep[].class));
    }

    /** The images as one OCI image layout tar, streamed as it arrives; the caller closes it. */
    public InputStream save(List<String> refs) {
        ApiPath path = ApiPath.of("v1", "images", "save");
        for (String ref : refs) {
            path = path.query("names", ref);
        }
        return client.stream(path, "application/x-tar");
    }

    /** Sends an image archive (plain or gzip) as the request body, read from {@code archive} while it is sent. */
    public List<ImageLoaded> load(BodyPublisher archive) {
        return List.of(client.upload(ApiPath.of("v1", "images", "load"), archive, "application/x-tar",
                ImageLoaded[].class));
    }

    /**
     * Pulls an image into the node from its registry, handing each progress step to {@code steps} as it arrives.
     *
     * @return the last step: {@code pulled}, or {@code error} with what went wrong
     */
    public TransferStep pull(String ref, Consumer<TransferStep> steps) {
        return transfer(ApiPath.of("v1", "images", "pull").query("reference", ref), ref, steps);
    }

    /** Pushes an image of the node to its registry; like {@link #pull}. */
    public TransferStep push(String ref, Consumer<TransferStep> steps) {
        return transfer(ApiPath.of("v1", "images", "push").query("reference", ref), ref, steps);
    }

    /**
     * The registry a reference names ({@code host[:port]}, the part before the first {@code /} when it looks like a
     * host: a dot, a port, or {@code localhost}), or null for the node's default registry.
     */
    static @Nullable String registryOf(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String first = ref.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
    }

    /**
     * Repositories of the node's default registry whose names contain {@code term}: through the gateway, those of the
     * caller's tenant only.
     */
    public SearchResult search(String term, int limit) {
        if (client.sendsToken()) {
            // Through the gateway: its own route to the registry's search, open to tenants and cut to their namespace.
            return client.get(ApiPath.of("api", "v1", "images", "search").query("q", term)
                    .query("n", Integer.toString(limit)), SearchResult.class);
        }
        return client.get(ApiPath.of("v1", "images", "search").query("term", term)
                .query("limit", Integer.toString(limit)), SearchResult.class);
    }

    private TransferStep transfer(ApiPath path, String ref, Consumer<TransferStep> steps) {
        String registry = registryOf(ref);
        AgentClient.RegistryAuth auth = registry == null ? null : client.registryAuth(registry);
        Map<String, String> headers = auth == null ? Map.of() : Map.of(AgentClient.RegistryAuth.HEADER,
                auth.header());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                client.postStream(path, "application/x-ndjson", headers), StandardCharsets.UTF_8))) {
            TransferStep step = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                step = Json.mapper().readValue(line, TransferStep.class);
                steps.accept(step);
                if (step.last()) {
                    return step;
                }
            }
            throw new CliException("the node agent's progress stream ended before the "
                    + (step == null ? "first step" : "last step (after '" + step.status() + "')"));
        } catch (IOException e) {
            throw new CliException("reading the node agent's progress: " + e.getMessage());
        } catch (JacksonException e) {
            throw new CliException("the node agent sent a progress line that is not JSON: " + e.getOriginalMessage());
        }
    }
}
