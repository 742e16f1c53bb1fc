package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real registry-service's catalog and image search through the gateway: a tenant lists and finds only the
 * repositories of its namespace, also when another tenant's names contain its own, and pages the catalog with the
 * OCI {@code n}, {@code last} and {@code Link} as it would the registry's; a platform admin sees everything.
 */
class RegistryNamespaceIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> REPOSITORIES = List.of("acme-old/web", "acme/api", "acme/db", "acme/web",
            "acme/web/cache", "acme0/x", "globex/acme/web", "globex/web", "library/busybox");

    private static Upstream upstream;
    private static RegistryProcess registry;
    private static GatewayInstance gateway;
    private static Http http;
    private static String admin;
    private static String acme;
    private static String globex;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        registry = new RegistryProcess(Path.of("target/it/registry-namespace").toAbsolutePath());
        gateway = new GatewayInstance("registry_namespace", upstream,
                "--berth.gateway.upstreams.registry=" + registry.url());
        http = new Http(gateway.url());
        admin = gateway.adminToken();
        acme = http.token(admin, "acme", "ci", "\"read\"", null);
        globex = http.token(admin, "globex", "ci", "\"read\"", null);
        // Pushed straight into the registry, as a platform operator might: every namespace, and names outside any.
        for (String repository : REPOSITORIES) {
            push(repository);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {gateway, registry, upstream}) {
            if (started != null) {
                started.close();
            }
        }
    }

    @Test
    void aTenantsCatalogIsItsNamespaceAndAPlatformAdminsIsTheRegistrys() throws Exception {
        HttpResponse<String> own = http.get("/v2/_catalog", acme);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(names(own.body(), "repositories")).containsExactly("acme/api", "acme/db", "acme/web",
                "acme/web/cache");
        assertThat(own.headers().firstValue("Link")).isEmpty();

        assertThat(names(http.get("/v2/_catalog", globex).body(), "repositories"))
                .containsExactly("globex/acme/web", "globex/web");
        assertThat(names(http.get("/v2/_catalog", admin).body(), "repositories"))
                .containsExactlyElementsOf(REPOSITORIES);
    }

    @Test
    void theCatalogIsPagedByNAndLastFollowingTheLinkHeader() throws Exception {
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String path = "/v2/_catalog?n=3";
        while (path != null) {
            HttpResponse<String> page = http.get(path, acme);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            List<String> names = names(page.body(), "repositories");
            seen.addAll(names);
            pageSizes.add(names.size());
            path = page.headers().firstValue("Link").map(link -> link.substring(1, link.indexOf('>'))).orElse(null);
        }
        assertThat(seen).containsExactly("acme/api", "acme/db", "acme/web", "acme/web/cache");
        assertThat(pageSizes).containsExactly(3, 1);

        assertThat(names(http.get("/v2/_catalog?n=2&last=acme%2Fdb", acme).body(), "repositories"))
                .containsExactly("acme/web", "acme/web/cache");
        assertThat(names(http.get("/v2/_catalog?last=globex%2Fweb", acme).body(), "repositories")).isEmpty();
        assertThat(names(http.get("/v2/_catalog?n=0", acme).body(), "repositories")).isEmpty();
        HttpResponse<String> bad = http.get("/v2/_catalog?n=-1", acme);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("{\"errors\":[");
    }

    @Test
    void aTenantsSearchFindsOnlyItsNamespaceEvenWhenAnotherTenantsNamesContainIt() throws Exception {
        HttpResponse<String> web = http.get("/api/v1/images/search?q=web", acme);
        assertThat(web.statusCode()).as(web.body()).isEqualTo(200);
        JsonNode found = JSON.readTree(web.body());
        assertThat(found.get("query").asString()).isEqualTo("web");
        assertThat(names(web.body(), "repositories")).containsExactly("acme/web", "acme/web/cache");
        assertThat(found.get("repositories").get(0).get("tags").get(0).get("name").asString()).isEqualTo("1");

        assertThat(names(http.get("/api/v1/images/search", acme).body(), "repositories")).containsExactly(
                "acme/api", "acme/db", "acme/web", "acme/web/cache");
        assertThat(names(http.get("/api/v1/images/search?q=acme", globex).body(), "repositories"))
                .containsExactly("globex/acme/web");
        assertThat(names(http.get("/api/v1/images/search?q=web&n=1", acme).body(), "repositories")).hasSize(1);
        assertThat(http.get("/api/v1/images/search?n=201", acme).statusCode()).isEqualTo(400);
        assertThat(names(http.get("/api/v1/images/search?q=web", admin).body(), "repositories"))
                .contains("acme-old/web", "globex/acme/web", "globex/web");
        assertThat(http.get("/api/v1/images/search?q=web", null).statusCode()).isEqualTo(401);
    }

    private static List<String> names(String json, String field) {
        JsonNode list = JSON.readTree(json).get(field);
        return list.valueStream().map(item -> item.isString() ? item.asString() : item.get("name").asString())
                .toList();
    }

    /** An image of no layers, tagged 1, straight into the registry. */
    private static void push(String repository) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = digest(config);
        HttpResponse<String> blob = client.send(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"
                        + repository + "/blobs/uploads/?digest=" + configDigest))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(config)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blob.statusCode()).as(blob.body()).isEqualTo(201);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}";
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"
                        + repository + "/manifests/1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
