package dev.berth.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.tenant.TenantName;
import org.junit.jupiter.api.Test;

class ImageUsageTest {

    @Test
    void eachManifestOfTheNamespaceCountsOnceAndOtherNamespacesNotAtAll() {
        String search = """
                {"query":"acme/","repositories":[
                  {"name":"acme/web","tags":[{"name":"1","digest":"sha256:a","size":100},
                                             {"name":"latest","digest":"sha256:a","size":100},
                                             {"name":"2","digest":"sha256:b","size":30}]},
                  {"name":"acme/copy","tags":[{"name":"1","digest":"sha256:a","size":100}]},
                  {"name":"acme/empty","tags":[]},
                  {"name":"notacme/web","tags":[{"name":"1","digest":"sha256:c","size":5000}]}]}
                """;
        assertThat(ImageUsage.bytes(Json.MAPPER.readTree(search), new TenantName("acme"))).isEqualTo(130);
        assertThat(ImageUsage.bytes(Json.MAPPER.readTree("{\"repositories\":[]}"), new TenantName("acme"))).isZero();
    }
}
