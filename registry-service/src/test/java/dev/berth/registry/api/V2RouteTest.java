package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.oci.RepositoryName;
import org.junit.jupiter.api.Test;

class V2RouteTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void readsEachEndpoint() {
        assertThat(V2Route.parse("/v2/")).isEqualTo(new V2Route.Base());
        assertThat(V2Route.parse("/v2")).isEqualTo(new V2Route.Base());
        assertThat(V2Route.parse("/v2/_catalog")).isEqualTo(new V2Route.Catalog());
        assertThat(V2Route.parse("/v2/a/b/tags/list")).isEqualTo(new V2Route.Tags(name("a/b")));
        assertThat(V2Route.parse("/v2/a/b/manifests/v1")).isEqualTo(new V2Route.Manifest(name("a/b"), "v1"));
        assertThat(V2Route.parse("/v2/a/blobs/" + DIGEST)).isEqualTo(new V2Route.Blob(name("a"), DIGEST));
        assertThat(V2Route.parse("/v2/a/blobs/uploads/")).isEqualTo(new V2Route.UploadStart(name("a")));
        assertThat(V2Route.parse("/v2/a/blobs/uploads")).isEqualTo(new V2Route.UploadStart(name("a")));
        assertThat(V2Route.parse("/v2/a/blobs/uploads/1234")).isEqualTo(new V2Route.Upload(name("a"), "1234"));
        assertThat(V2Route.parse("/v2/a/referrers/" + DIGEST)).isEqualTo(new V2Route.Referrers(name("a"), DIGEST));
    }

    @Test
    void namesMayContainTheEndpointsWords() {
        assertThat(V2Route.parse("/v2/x/blobs/manifests/manifests/latest"))
                .isEqualTo(new V2Route.Manifest(name("x/blobs/manifests"), "latest"));
        assertThat(V2Route.parse("/v2/x/blobs/uploads/blobs/" + DIGEST))
                .isEqualTo(new V2Route.Blob(name("x/blobs/uploads"), DIGEST));
        assertThat(V2Route.parse("/v2/x/blobs/blobs/uploads/"))
                .isEqualTo(new V2Route.UploadStart(name("x/blobs")));
        assertThat(V2Route.parse("/v2/tags/tags/list")).isEqualTo(new V2Route.Tags(name("tags")));
    }

    @Test
    void decodesPercentEncodedSegments() {
        assertThat(V2Route.parse("/v2/a/blobs/sha256%3A" + "a".repeat(64))).isEqualTo(new V2Route.Blob(name("a"),
                DIGEST));
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(V2Route.parse("/v2/a")).isInstanceOf(V2Route.Unknown.class);
        assertThat(V2Route.parse("/v2/a/manifests/")).isInstanceOf(V2Route.Unknown.class);
        assertThat(V2Route.parse("/v2/manifests/x")).isInstanceOf(V2Route.Unknown.class);
        assertThat(V2Route.parse("/v2/a/something/else")).isInstanceOf(V2Route.Unknown.class);
        assertThat(V2Route.parse("/v2x")).isInstanceOf(V2Route.Unknown.class);
    }

    @Test
    void aKnownEndpointWithABadNameIsNameInvalid() {
        assertThatThrownBy(() -> V2Route.parse("/v2/Upper/tags/list")).hasMessageContaining("invalid repository name");
        assertThatThrownBy(() -> V2Route.parse("/v2/a//b/manifests/v1")).hasMessageContaining("invalid repository");
    }

    private static RepositoryName name(String value) {
        return RepositoryName.of(value);
    }
}
