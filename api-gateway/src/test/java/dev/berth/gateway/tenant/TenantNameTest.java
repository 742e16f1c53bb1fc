package dev.berth.gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import org.junit.jupiter.api.Test;

class TenantNameTest {

    @Test
    void aTenantNameIsARegistryNamespaceComponent() {
        assertThat(new TenantName("acme").value()).isEqualTo("acme");
        assertThat(new TenantName("a").value()).isEqualTo("a");
        assertThat(new TenantName("team-7").value()).isEqualTo("team-7");
        for (String invalid : new String[] {"", "Acme", "-acme", "acme-", "ac_me", "ac.me", "a/b", "x".repeat(41)}) {
            assertThatThrownBy(() -> new TenantName(invalid)).as(invalid).isInstanceOf(GatewayException.class);
        }
        assertThatThrownBy(() -> TenantName.of(null)).isInstanceOf(GatewayException.class);
    }

    @Test
    void thePlatformTenantIsSystem() {
        assertThat(TenantName.PLATFORM.value()).isEqualTo("system");
        assertThat(new TenantName("system").isPlatform()).isTrue();
        assertThat(new TenantName("acme").isPlatform()).isFalse();
    }
}
