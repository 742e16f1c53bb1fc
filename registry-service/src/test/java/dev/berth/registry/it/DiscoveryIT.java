package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pulls, tags, the catalog, referrers, indexes, mounts, deletes and search, over the HTTP API. */
class DiscoveryIT extends RegistryIT {

    @Test
    void manifestsComeBackAsPushedByTagAndByDigest() {
        TestImages.Image image = TestImages.ociImage(Map.of("pull.txt", "pulled\n"));
        V2Client.Response pushed = image.push(registry, "discovery/pull", "v1");

        V2Client.Response byTag = registry.get("/v2/discovery/pull/manifests/v1");
        V2Client.Response byDigest = registry.get("/v2/discovery/pull/manifests/" + image.digest());
        V2Client.Response head = registry.head("/v2/discovery/pull/manifests/v1");

        assertThat(pushed.status()).isEqualTo(201);
        assertThat(pushed.header("Location")).isEqualTo("/v2/discovery/pull/manifests/" + image.digest());
        assertThat(pushed.header("Docker-Content-Digest")).isEqualTo(image.digest());
        for (V2Client.Response response : List.of(byTag, byDigest)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(image.manifest());
            assertThat(response.header("Content-Type")).isEqualTo(TestImages.OCI_MANIFEST);
            assertThat(response.header("Docker-Content-Digest")).isEqualTo(image.digest());
        }
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(image.manifest().length));
        assertThat(head.header("Docker-Content-Digest")).isEqualTo(image.digest());
    }

    @Test
    void blobsComeWholeOrByRange() {
        byte[] blob = ChunkedUploadIT.random(10_000, 30);
        String digest = registry.pushBlob("discovery/range", blob);

        V2Client.Response whole = registry.get("/v2/discovery/range/blobs/" + digest);
        V2Client.Response part = registry.get("/v2/discovery/range/blobs/" + digest, "Range", "bytes=100-199");
        V2Client.Response tail = registry.get("/v2/discovery/range/blobs/" + digest, "Range", "bytes=-10");
        V2Client.Response head = registry.head("/v2/discovery/range/blobs/" + digest);

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(blob);
        assertThat(whole.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 100-199/10000");
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(blob, 100, 200));
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(blob, 9990, 10000));
        assertThat(head.header("Content-Length")).isEqualTo("10000");
        assertThat(head.header("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void aBlobLargerThanOneBufferComesWhole() {
        // Small blobs go out as one buffer; larger ones stream in 256 KiB reads: this one takes both sides of that.
        byte[] blob = ChunkedUploadIT.random(700_000, 31);
        String digest = registry.pushBlob("discovery/large", blob);

        V2Client.Response whole = registry.get("/v2/discovery/large/blobs/" + digest);

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).isEqualTo("700000");
        assertThat(whole.body()).isEqualTo(blob);
    }

    @Test
    void tagsArePagedInLexicalOrder() {
        TestImages.Image image = TestImages.ociImage(Map.of("tags.txt", "t\n"));
        List<String> tags = List.of("1.0", "1.1", "2.0", "Latest", "latest", "v1");
        for (String tag : tags) {
            assertThat(image.push(registry, "discovery/tags", tag).status()).isEqualTo(201);
        }

        List<String> seen = new ArrayList<>();
        String next = "/v2/discovery/tags/tags/list?n=4";
        int pages = 0;
        while (next != null) {
            V2Client.Response page = registry.get(next);
            assertThat(page.json().path("name").asString()).isEqualTo("discovery/tags");
            seen.addAll(V2Client.texts(page.json().path("tags")));
            String link = page.header("Link");
            next = link == null ? null : link.substring(1, link.indexOf('>'));
            pages++;
        }
        V2Client.Response afterLast = registry.get("/v2/discovery/tags/tags/list?last=2.0&n=2");

        assertThat(seen).containsExactly("1.0", "1.1", "2.0", "Latest", "latest", "v1");
        assertThat(pages).isEqualTo(2);
        assertThat(V2Client.texts(afterLast.json().path("tags"))).containsExactly("Latest", "latest");
        assertThat(afterLast.header("Link")).isEqualTo("</v2/discovery/tags/tags/list?n=2&last=latest>; rel=\"next\"");
        assertThat(V2Client.texts(registry.get("/v2/discovery/tags/tags/list").json().path("tags"))).isEqualTo(tags);
        assertThat(V2Client.texts(registry.get("/v2/discovery/tags/tags/list?n=0").json().path("tags"))).isEmpty();
    }

    @Test
    void theCatalogListsRepositoriesPageByPage() {
        byte[] blob = V2Client.utf8("catalog");
        for (String name : List.of("catalog-test/c", "catalog-test/a", "catalog-test/b/nested", "catalog-test/d")) {
            registry.pushBlob(name, blob);
        }

        V2Client.Response first = registry.get("/v2/_catalog?n=2&last=catalog-test");
        String link = first.header("Link");
        V2Client.Response second = registry.get(link.substring(1, link.indexOf('>')));

        assertThat(V2Client.texts(first.json().path("repositories")))
                .containsExactly("catalog-test/a", "catalog-test/b/nested");
        assertThat(link).isEqualTo("</v2/_catalog?n=2&last=catalog-test%2Fb%2Fnested>; rel=\"next\"");
        assertThat(V2Client.texts(second.json().path("repositories"))).startsWith("catalog-test/c", "catalog-test/d");
        assertThat(V2Client.texts(registry.get("/v2/_catalog").json().path("repositories")))
                .contains("catalog-test/a", "catalog-test/b/nested", "catalog-test/c", "catalog-test/d");
    }

    @Test
    void indexesAndManifestListsNeedTheirManifestsFirst() {
        TestImages.Image amd64 = TestImages.ociImage(Map.of("arch", "amd64\n"));
        TestImages.Image arm64 = TestImages.ociImage(Map.of("arch", "arm64\n"));
        amd64.push(registry, "discovery/multi", amd64.digest());
        byte[] index = TestImages.index(TestImages.OCI_INDEX, TestImages.OCI_MANIFEST,
                List.of(amd64.manifest(), arm64.manifest()));

        V2Client.Response early = registry.pushManifest("discovery/multi", "latest", TestImages.OCI_INDEX, index);
        arm64.push(registry, "discovery/multi", arm64.digest());
        V2Client.Response pushed = registry.pushManifest("discovery/multi", "latest", TestImages.OCI_INDEX, index);
        V2Client.Response pulled = registry.get("/v2/discovery/multi/manifests/latest");

        assertThat(early.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(early.errorMessage()).contains(arm64.digest());
        assertThat(pushed.status()).isEqualTo(201);
        assertThat(pulled.body()).isEqualTo(index);
        assertThat(pulled.header("Content-Type")).isEqualTo(TestImages.OCI_INDEX);

        TestImages.Image docker = TestImages.dockerImage("docker\n");
        assertThat(docker.push(registry, "discovery/multi", "docker").status()).isEqualTo(201);
        byte[] list = TestImages.index(TestImages.DOCKER_LIST, TestImages.DOCKER_MANIFEST,
                List.of(docker.manifest()));
        assertThat(registry.pushManifest("discovery/multi", "list", TestImages.DOCKER_LIST, list).status())
                .isEqualTo(201);
        assertThat(registry.get("/v2/discovery/multi/manifests/list").header("Content-Type"))
                .isEqualTo(TestImages.DOCKER_LIST);
        assertThat(registry.get("/v2/discovery/multi/manifests/docker").header("Content-Type"))
                .isEqualTo(TestImages.DOCKER_MANIFEST);
    }

    @Test
    void referrersListArtifactsOfASubject() {
        TestImages.Image image = TestImages.ociImage(Map.of("signed.txt", "signed\n"));
        image.push(registry, "discovery/referred", "v1");
        TestImages.Image sbom = TestImages.artifact("application/vnd.example.sbom", V2Client.utf8("sbom"),
                image.digest(), image.manifest().length, "the sbom");
        TestImages.Image signature = TestImages.artifact("application/vnd.example.signature",
                V2Client.utf8("signature"), image.digest(), image.manifest().length, "the signature");

        V2Client.Response pushed = sbom.push(registry, "discovery/referred", sbom.digest());
        signature.push(registry, "discovery/referred", signature.digest());
        V2Client.Response all = registry.get("/v2/discovery/referred/referrers/" + image.digest());
        V2Client.Response filtered = registry.get("/v2/discovery/referred/referrers/" + image.digest()
                + "?artifactType=application/vnd.example.sbom");
        V2Client.Response none = registry.get("/v2/discovery/referred/referrers/" + sbom.digest());

        assertThat(pushed.header("OCI-Subject")).isEqualTo(image.digest());
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("Content-Type")).isEqualTo(TestImages.OCI_INDEX);
        JsonNode index = all.json();
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asString()).isEqualTo(TestImages.OCI_INDEX);
        assertThat(index.path("manifests").size()).isEqualTo(2);
        assertThat(index.path("manifests").values()).extracting(m -> m.path("digest").asString())
                .containsExactlyInAnyOrder(sbom.digest(), signature.digest());
        JsonNode sbomEntry = filtered.json().path("manifests").path(0);
        assertThat(filtered.json().path("manifests").size()).isEqualTo(1);
        assertThat(filtered.header("OCI-Filters-Applied")).isEqualTo("artifactType");
        assertThat(sbomEntry.path("artifactType").asString()).isEqualTo("application/vnd.example.sbom");
        assertThat(sbomEntry.path("mediaType").asString()).isEqualTo(TestImages.OCI_MANIFEST);
        assertThat(sbomEntry.path("size").asLong()).isEqualTo(sbom.manifest().length);
        assertThat(sbomEntry.path("annotations").path("org.example.note").asString()).isEqualTo("the sbom");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("manifests").size()).isZero();
        assertThat(registry.get("/v2/discovery/referred/referrers/sha256:bad").errorCode())
                .isEqualTo("DIGEST_INVALID");
    }

    @Test
    void aBlobMountsFromAnotherRepositoryWithoutUpload() {
        byte[] blob = ChunkedUploadIT.random(50_000, 31);
        String digest = registry.pushBlob("discovery/source", blob);

        V2Client.Response mounted = registry.post("/v2/discovery/target/blobs/uploads/?mount=" + digest
                + "&from=discovery/source", new byte[0]);
        V2Client.Response notThere = registry.post("/v2/discovery/target2/blobs/uploads/?mount=" + digest
                + "&from=discovery/elsewhere", new byte[0]);

        assertThat(mounted.status()).isEqualTo(201);
        assertThat(mounted.header("Location")).isEqualTo("/v2/discovery/target/blobs/" + digest);
        assertThat(mounted.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(registry.get("/v2/discovery/target/blobs/" + digest).body()).isEqualTo(blob);
        assertThat(notThere.status()).as("no blob to mount: an upload starts instead").isEqualTo(202);
        assertThat(notThere.header("Location")).startsWith("/v2/discovery/target2/blobs/uploads/");
    }

    @Test
    void deletingTagsManifestsAndBlobs() {
        TestImages.Image image = TestImages.ociImage(Map.of("delete.txt", "d\n"));
        image.push(registry, "discovery/delete", "v1");
        registry.pushManifest("discovery/delete", "v2", image.mediaType(), image.manifest());

        V2Client.Response tagDeleted = registry.delete("/v2/discovery/delete/manifests/v1");
        List<String> tagsAfterTag = V2Client.texts(registry.get("/v2/discovery/delete/tags/list").json()
                .path("tags"));
        int byDigestAfterTag = registry.get("/v2/discovery/delete/manifests/" + image.digest()).status();
        V2Client.Response manifestDeleted = registry.delete("/v2/discovery/delete/manifests/" + image.digest());
        V2Client.Response blobDeleted = registry.delete("/v2/discovery/delete/blobs/" + image.layerDigest(0));

        assertThat(tagDeleted.status()).isEqualTo(202);
        assertThat(tagsAfterTag).containsExactly("v2");
        assertThat(byDigestAfterTag).isEqualTo(200);
        assertThat(manifestDeleted.status()).isEqualTo(202);
        assertThat(registry.get("/v2/discovery/delete/manifests/v2").errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(V2Client.texts(registry.get("/v2/discovery/delete/tags/list").json().path("tags"))).isEmpty();
        assertThat(blobDeleted.status()).isEqualTo(202);
        assertThat(registry.head("/v2/discovery/delete/blobs/" + image.layerDigest(0)).status()).isEqualTo(404);
        assertThat(registry.delete("/v2/discovery/delete/blobs/" + image.layerDigest(0)).errorCode())
                .isEqualTo("BLOB_UNKNOWN");
        // Still there for garbage collection to decide.
        assertThat(blobFile(image.layerDigest(0))).exists();
    }

    @Test
    void searchFindsRepositoriesByPartOfTheirName() {
        TestImages.Image image = TestImages.ociImage(Map.of("search.txt", "found\n"));
        image.push(registry, "search-test/alpha-web", "1.0");
        image.push(registry, "search-test/alpha-web", "latest");
        TestImages.Image other = TestImages.ociImage(Map.of("other.txt", "other\n"));
        other.push(registry, "search-test/beta", "v1");
        byte[] index = TestImages.index(TestImages.OCI_INDEX, TestImages.OCI_MANIFEST, List.of(image.manifest()));
        registry.pushManifest("search-test/alpha-web", "multi", TestImages.OCI_INDEX, index);

        V2Client.Response found = registry.get("/api/v1/images/search?q=ALPHA");
        V2Client.Response nothing = registry.get("/api/v1/images/search?q=no-such-thing");

        assertThat(found.status()).isEqualTo(200);
        JsonNode repositories = found.json().path("repositories");
        assertThat(repositories.size()).isEqualTo(1);
        JsonNode repository = repositories.path(0);
        assertThat(repository.path("name").asString()).isEqualTo("search-test/alpha-web");
        assertThat(repository.path("lastPushedAt").asString()).isNotBlank();
        assertThat(repository.path("tags").values()).extracting(t -> t.path("name").asString())
                .containsExactly("1.0", "latest", "multi");
        JsonNode tag = repository.path("tags").path(0);
        assertThat(tag.path("digest").asString()).isEqualTo(image.digest());
        assertThat(tag.path("size").asLong()).isEqualTo(image.imageSize());
        assertThat(tag.path("layers").asInt()).isEqualTo(1);
        assertThat(tag.path("pushedAt").asString()).isNotBlank();
        JsonNode multi = repository.path("tags").path(2);
        assertThat(multi.path("mediaType").asString()).isEqualTo(TestImages.OCI_INDEX);
        assertThat(multi.path("size").asLong()).isEqualTo(image.imageSize());
        assertThat(nothing.json().path("repositories").size()).isZero();
        assertThat(registry.get("/api/v1/images/search?q=search-test").json().path("repositories").size())
                .isEqualTo(2);
        V2Client.Response bad = registry.get("/api/v1/images/search?q=x&n=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void metricsCountPushesAndPulls() {
        registry.pushBlob("discovery/metrics", V2Client.utf8("metered"));

        String metrics = registry.get("/actuator/prometheus").text();

        assertThat(metrics).contains("berth_registry_pushes_total{kind=\"blob\"}")
                .contains("berth_registry_bytes_received_bytes_total");
        assertThat(registry.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
    }
}
