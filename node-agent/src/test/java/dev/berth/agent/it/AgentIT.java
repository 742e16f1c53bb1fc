package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.NodeAgentApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A real node agent in this JVM, on a random loopback port, with its own state under {@code target/it}; tests talk to
 * it over HTTP only. Subclasses pick the launch path with one of the property sets below; equal sets share one agent.
 */
@SpringBootTest(classes = NodeAgentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// No shipping unless a test asks for it: a log-service on this host's default port is none of these tests' business.
@TestPropertySource(properties = "berth.agent.logs.service=")
public abstract class AgentIT {
    static final String FAST_STATE = "berth.agent.state-dir=${berth.it.dir}/fast/state";
    static final String FAST_RUN = "berth.agent.run-dir=${berth.it.dir}/fast/run";
    static final String FAST_MODE = "berth.agent.launch-mode=fast";
    static final String PORTABLE_STATE = "berth.agent.state-dir=${berth.it.dir}/portable/state";
    static final String PORTABLE_RUN = "berth.agent.run-dir=${berth.it.dir}/portable/run";
    static final String PORTABLE_MODE = "berth.agent.launch-mode=portable";
    // Each agent of the tests has networks of its own, apart from each other's and from an agent installed on the host.
    static final String FAST_BRIDGE = "berth.agent.network.default-bridge=berthfast0";
    static final String FAST_SUBNET = "berth.agent.network.default-subnet=10.93.0.0/16";
    static final String FAST_POOL = "berth.agent.network.pool=10.94.0.0/16";
    static final String FAST_TABLE = "berth.agent.network.table=berth_fast";
    static final String PORTABLE_BRIDGE = "berth.agent.network.default-bridge=berthport0";
    static final String PORTABLE_SUBNET = "berth.agent.network.default-subnet=10.95.0.0/16";
    static final String PORTABLE_POOL = "berth.agent.network.pool=10.96.0.0/16";
    static final String PORTABLE_TABLE = "berth.agent.network.table=berth_portable";

    private static boolean cleaned;

    @LocalServerPort
    int port;

    protected ApiClient api;

    @BeforeAll
    static void prepare() throws IOException {
        Root.require();
        synchronized (AgentIT.class) {
            if (!cleaned) {
                // State of an earlier run would be recovered as containers of this one.
                deleteTree(Path.of(System.getProperty("berth.it.dir", "target/it")));
                cleaned = true;
            }
        }
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
        if (api.get("/v1/images/busybox").status() == 404) {
            ApiClient.Response imported = api.importTar(BusyboxImage.tar(), "busybox:latest");
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
