package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.tenant.TenantName;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TenantRewriteTest {
    private static final TenantName ACME = new TenantName("acme");

    private static String rewrite(String uri) {
        return TenantRewrite.withTenant(URI.create(uri), ACME).toString();
    }

    @Test
    void theTenantIsAddedToARequestWithoutOne() {
        assertThat(rewrite("http://127.0.0.1:7750/api/v1/apps")).isEqualTo("http://127.0.0.1:7750/api/v1/apps?tenant=acme");
        assertThat(rewrite("/api/v1/logs?app=web&tail=5")).isEqualTo("/api/v1/logs?app=web&tail=5&tenant=acme");
    }

    @Test
    void everyTenantTheClientNamedIsDropped() {
        assertThat(rewrite("/api/v1/apps/web?tenant=other")).isEqualTo("/api/v1/apps/web?tenant=acme");
        assertThat(rewrite("/api/v1/logs?tenant=a&app=web&tenant=b&Tenant=c&tenant")).isEqualTo(
                "/api/v1/logs?app=web&tenant=acme");
        assertThat(rewrite("/api/v1/logs?%74enant=other&app=web")).isEqualTo("/api/v1/logs?app=web&tenant=acme");
        assertThat(rewrite("/api/v1/logs?tenant%20=other")).isEqualTo("/api/v1/logs?tenant=acme");
    }

    @Test
    void otherParametersKeepTheirEncoding() {
        assertThat(rewrite("/api/v1/logs?grep=a%26b%3Dc&since=2026-11-29T00%3A00%3A00Z"))
                .isEqualTo("/api/v1/logs?grep=a%26b%3Dc&since=2026-11-29T00%3A00%3A00Z&tenant=acme");
        assertThat(rewrite("/api/v1/apps/my%20app")).isEqualTo("/api/v1/apps/my%20app?tenant=acme");
    }
}
