package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The first admin token is written once: never while one exists, and never over an existing file. */
class BootstrapIT {

    @Test
    void aRestartWithAnAdminTokenInPlaceWritesNoOther() throws Exception {
        try (Upstream upstream = new Upstream()) {
            String first;
            try (GatewayInstance gateway = new GatewayInstance("bootstrap_restart", upstream)) {
                first = gateway.adminToken();
            }
            Path elsewhere = Files.createTempDirectory("gateway-it").resolve("admin-token");
            try (GatewayInstance again = new GatewayInstance("bootstrap_restart", upstream,
                    "--berth.gateway.bootstrap-token-file=" + elsewhere)) {
                assertThat(elsewhere).doesNotExist();
                assertThat(new Http(again.url()).get("/api/v1/whoami", first).statusCode()).isEqualTo(200);
                assertThat(TestDatabase.queryLong(again.schema, "SELECT count(*) FROM tokens")).isEqualTo(1);
            }
        }
    }

    @Test
    void anExistingFileIsLeftAloneAndNoTokenIsMade() throws Exception {
        Path file = Files.createTempDirectory("gateway-it").resolve("admin-token");
        Files.writeString(file, "kept\n");
        try (Upstream upstream = new Upstream();
             GatewayInstance gateway = new GatewayInstance("bootstrap_file", upstream,
                     "--berth.gateway.bootstrap-token-file=" + file)) {
            assertThat(Files.readString(file)).isEqualTo("kept\n");
            assertThat(TestDatabase.queryLong(gateway.schema, "SELECT count(*) FROM tokens")).isZero();
        }
    }
}
