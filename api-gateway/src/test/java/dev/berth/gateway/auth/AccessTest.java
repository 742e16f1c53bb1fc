package dev.berth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.Scope;
import dev.berth.gateway.token.TokenId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final TokenId ID = new TokenId("0123456789abcdef");
    private static final Caller READER = new Caller(ID, new TenantName("acme"), "ci", Set.of(Scope.READ));
    private static final Caller DEPLOYER = new Caller(ID, new TenantName("acme"), "ci",
            Set.of(Scope.READ, Scope.DEPLOY));
    private static final Caller TENANT_ADMIN = new Caller(ID, new TenantName("acme"), "boss", Set.of(Scope.ADMIN));
    private static final Caller PLATFORM_ADMIN = new Caller(ID, TenantName.PLATFORM, "admin", Set.of(Scope.ADMIN));

    private static boolean allowed(Caller caller, String method, String path) {
        return Access.required(method, path).satisfiedBy(caller);
    }

    @Test
    void readsNeedReadAndChangesNeedDeploy() {
        assertThat(allowed(READER, "GET", "/api/v1/apps/web")).isTrue();
        assertThat(allowed(READER, "HEAD", "/v2/acme/web/manifests/1")).isTrue();
        assertThat(allowed(READER, "POST", "/api/v1/apps")).isFalse();
        assertThat(allowed(READER, "PUT", "/v2/acme/web/manifests/1")).isFalse();
        assertThat(allowed(DEPLOYER, "POST", "/api/v1/apps/web/deployments")).isTrue();
        assertThat(allowed(DEPLOYER, "DELETE", "/v2/acme/web/manifests/1")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/apps")).isFalse();
    }

    @Test
    void tokensNeedAdminAndTenantsAPlatformAdmin() {
        assertThat(allowed(DEPLOYER, "GET", "/api/v1/tokens")).isFalse();
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/tokens")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "DELETE", "/api/v1/tokens/0123456789abcdef")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/tenants")).isFalse();
        assertThat(allowed(TENANT_ADMIN, "POST", "/api/v1/tenants")).isFalse();
        assertThat(allowed(PLATFORM_ADMIN, "POST", "/api/v1/tenants")).isTrue();
    }

    @Test
    void aQuotaIsSetByAPlatformAdminAndReadByItsTenantAndTheAuditLogNeedsAdmin() {
        assertThat(allowed(READER, "GET", "/api/v1/tenants/acme/quota")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/tenants/acme/quota")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "PUT", "/api/v1/tenants/acme/quota")).isFalse();
        assertThat(allowed(PLATFORM_ADMIN, "PUT", "/api/v1/tenants/acme/quota")).isTrue();
        assertThat(allowed(READER, "GET", "/api/v1/tenants/acme/quotas")).isFalse();
        assertThat(allowed(DEPLOYER, "GET", "/api/v1/audit")).isFalse();
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/audit")).isTrue();
    }

    @Test
    void nodesAreReadByTenantsAndChangedByPlatformAdminsOnly() {
        assertThat(allowed(READER, "GET", "/api/v1/nodes")).isTrue();
        assertThat(allowed(DEPLOYER, "POST", "/api/v1/nodes/n1/drain")).isFalse();
        assertThat(allowed(PLATFORM_ADMIN, "POST", "/api/v1/nodes/n1/drain")).isTrue();
        assertThat(allowed(DEPLOYER, "GET", "/v1/containers")).isFalse();
        assertThat(allowed(PLATFORM_ADMIN, "GET", "/v1/containers")).isTrue();
    }

    @Test
    void whoamiAndTheRegistryTokenNeedOnlyAValidToken() {
        assertThat(allowed(TENANT_ADMIN, "GET", "/api/v1/whoami")).isTrue();
        assertThat(allowed(TENANT_ADMIN, "GET", "/v2/token")).isTrue();
    }

    @Test
    void aPrefixIsNotAPathUnderIt() {
        assertThat(Access.required("GET", "/api/v1/tokensmith").scope()).isEqualTo(Scope.READ);
        assertThat(Access.required("GET", "/api/v1/tenantsx").platform()).isFalse();
    }

    @Test
    void onlyAnAdminOfThePlatformTenantReachesOtherTenants() {
        assertThat(PLATFORM_ADMIN.reaches(new TenantName("acme"))).isTrue();
        assertThat(TENANT_ADMIN.reaches(new TenantName("acme"))).isTrue();
        assertThat(TENANT_ADMIN.reaches(new TenantName("other"))).isFalse();
        Caller platformReader = new Caller(ID, TenantName.PLATFORM, "ops", Set.of(Scope.READ));
        assertThat(platformReader.isPlatformAdmin()).isFalse();
        assertThat(platformReader.reaches(new TenantName("acme"))).isFalse();
    }
}
