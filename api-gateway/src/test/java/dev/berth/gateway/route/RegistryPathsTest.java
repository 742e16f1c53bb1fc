package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.route.RegistryPaths.Target;
import org.junit.jupiter.api.Test;

class RegistryPathsTest {

    @Test
    void theRepositoryIsWhatComesBeforeManifestsBlobsOrTags() {
        assertThat(RegistryPaths.of("/v2/acme/web/manifests/1")).isEqualTo(new Target.Repository("acme/web"));
        assertThat(RegistryPaths.of("/v2/acme/team/web/blobs/sha256:ab")).isEqualTo(
                new Target.Repository("acme/team/web"));
        assertThat(RegistryPaths.of("/v2/acme/web/blobs/uploads/")).isEqualTo(new Target.Repository("acme/web"));
        assertThat(RegistryPaths.of("/v2/acme/web/tags/list")).isEqualTo(new Target.Repository("acme/web"));
        assertThat(RegistryPaths.of("/v2/")).isEqualTo(new Target.Base());
        assertThat(RegistryPaths.of("/v2/_catalog")).isEqualTo(new Target.Catalog());
        assertThat(RegistryPaths.of("/v2/acme")).isEqualTo(new Target.Unknown());
    }

    @Test
    void aTenantsNamespaceIsItsNameAndASlash() {
        assertThat(new Target.Repository("acme/web").in("acme")).isTrue();
        assertThat(new Target.Repository("acme").in("acme")).isFalse();
        assertThat(new Target.Repository("acmeco/web").in("acme")).isFalse();
        assertThat(new Target.Repository("other/acme/web").in("acme")).isFalse();
    }

    @Test
    void dotSegmentsAndEncodedSlashesAddressNothing() {
        assertThat(RegistryPaths.of("/v2/acme/../other/web/manifests/1")).isEqualTo(new Target.Unknown());
        assertThat(RegistryPaths.of("/v2/acme/./web/manifests/1")).isEqualTo(new Target.Unknown());
        assertThat(RegistryPaths.of("/v2/acme%2F..%2Fother/web/manifests/1")).isEqualTo(new Target.Unknown());
        assertThat(RegistryPaths.of("/v2/acme/%2e%2e/other/web/manifests/1")).isEqualTo(new Target.Unknown());
    }

    @Test
    void aRepositoryNamedLikeAnOperationIsStillCutAtTheFirstOne() {
        // "manifests" inside a tenant's repository name cannot reach outside its namespace: the name starts there.
        assertThat(RegistryPaths.of("/v2/acme/manifests/x/manifests/1")).isEqualTo(new Target.Repository("acme"));
    }
}
