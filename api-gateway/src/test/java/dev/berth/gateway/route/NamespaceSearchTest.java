package dev.berth.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.quota.Json;
import dev.berth.gateway.tenant.TenantName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NamespaceSearchTest {
    private static final JsonNode FOUND = Json.MAPPER.readTree("""
            {"query":"acme/","repositories":[
              {"name":"acme/api","tags":[{"name":"1","digest":"sha256:a","size":10}]},
              {"name":"acme/web","tags":[{"name":"1","digest":"sha256:b","size":20}]},
              {"name":"globex/acme/web","tags":[{"name":"1","digest":"sha256:c","size":30}]},
              {"name":"acme/webcache","tags":[]}]}
            """);

    @Test
    void onlyTheNamespacesRepositoriesThatContainTheTermAreKept() {
        JsonNode answer = NamespaceSearch.within(FOUND, new TenantName("acme"), "web", 50);

        assertThat(answer.get("query").asString()).isEqualTo("web");
        assertThat(answer.get("repositories").valueStream().map(r -> r.get("name").asString()))
                .containsExactly("acme/web", "acme/webcache");
        assertThat(answer.get("repositories").get(0).get("tags").get(0).get("size").asLong()).isEqualTo(20);
    }

    @Test
    void anotherTenantsRepositoryIsNeverKeptEvenWhenItsNameContainsTheNamespace() {
        JsonNode answer = NamespaceSearch.within(FOUND, new TenantName("globex"), "", 50);

        assertThat(answer.get("repositories").valueStream().map(r -> r.get("name").asString()))
                .containsExactly("globex/acme/web");
    }

    @Test
    void nCutsTheAnswer() {
        assertThat(NamespaceSearch.within(FOUND, new TenantName("acme"), "", 2).get("repositories")).hasSize(2);
        assertThat(NamespaceSearch.count(null)).isEqualTo(50);
        assertThat(NamespaceSearch.count("200")).isEqualTo(200);
        assertThatThrownBy(() -> NamespaceSearch.count("0")).isInstanceOf(GatewayException.class)
                .hasMessage("n must be between 1 and 200, not '0'");
        assertThatThrownBy(() -> NamespaceSearch.count("many")).isInstanceOf(GatewayException.class);
    }
}
