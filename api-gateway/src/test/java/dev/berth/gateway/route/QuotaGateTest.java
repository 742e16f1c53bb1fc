package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.route.RegistryPaths.Target;
import dev.berth.gateway.tenant.TenantName;
import org.junit.jupiter.api.Test;

/** Which registry requests count as a push into a tenant's namespace, and so meet its image storage quota. */
class QuotaGateTest {

    @Test
    void manifestPutsAndUploadStartsArePushesIntoTheirNamespace() {
        // The path only: a mount's ?mount=&from= is in the query, and a mount starts like an upload.
        assertThat(QuotaGate.pushInto("PUT", "/v2/acme/web/manifests/1.0"))
                .hasValue(new Target.Repository("acme/web"));
        assertThat(QuotaGate.pushInto("POST", "/v2/acme/team/web/blobs/uploads/"))
                .hasValue(new Target.Repository("acme/team/web"));
        assertThat(QuotaGate.pushInto("POST", "/v2/acme/web/blobs/uploads")).isPresent();
        assertThat(new Target.Repository("acme/web").namespace()).hasValue(new TenantName("acme"));
    }

    @Test
    void readsChunksOfStartedUploadsDeletesAndReposOutsideATenantAreNot() {
        assertThat(QuotaGate.pushInto("GET", "/v2/acme/web/manifests/1.0")).isEmpty();
        assertThat(QuotaGate.pushInto("PATCH", "/v2/acme/web/blobs/uploads/0b5e")).isEmpty();
        assertThat(QuotaGate.pushInto("PUT", "/v2/acme/web/blobs/uploads/0b5e")).isEmpty();
        assertThat(QuotaGate.pushInto("DELETE", "/v2/acme/web/manifests/1.0")).isEmpty();
        assertThat(QuotaGate.pushInto("PUT", "/v2/web/manifests/1.0")).isEmpty();
        assertThat(QuotaGate.pushInto("PUT", "/v2/Not_A_Tenant/web/manifests/1.0")).isEmpty();
    }
}
