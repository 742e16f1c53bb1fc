package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.container.ContainerSpec;
import dev.berth.agent.container.HostCapacity;
import dev.berth.agent.image.ImageRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container an assignment becomes, and the image names a heartbeat reports. */
class RuntimeContainersTest {
    static final HostCapacity HOST = new HostCapacity(2, 4L << 30);

    @Test
    void anAssignmentBecomesALabelledContainerWithItsCommandEnvLimitsAndPublishedPorts() {
        ReplicaSpec spec = new ReplicaSpec("busybox", List.of("httpd", "-f"), Map.of("MODE", "prod"), 0.25,
                64L << 20, 100L, List.of(new ReplicaSpec.Port(80, 8080, "tcp"), new ReplicaSpec.Port(9090, null,
                "udp")), RestartPolicy.DEFAULT, null);
        Assignment assignment = new Assignment(42, "acme", "shop", "web", 3, 7, "acme.shop.web.3", "running", spec);

        ContainerSpec container = RuntimeContainers.spec(assignment, "acme.shop.web.3", HOST);

        assertThat(container.name().value()).isEqualTo("acme.shop.web.3");
        assertThat(container.image()).isEqualTo("busybox");
        assertThat(container.cmd()).containsExactly("httpd", "-f");
        assertThat(container.entrypoint()).isNull();
        assertThat(container.env()).containsExactly("MODE=prod");
        assertThat(container.limits().cpus()).isEqualTo(0.25);
        assertThat(container.limits().memoryBytes()).isEqualTo(64L << 20);
        assertThat(container.limits().pidsLimit()).isEqualTo(100L);
        assertThat(container.ports()).hasSize(1);
        assertThat(container.ports().getFirst().toString()).isEqualTo("0.0.0.0:8080->80/tcp");
        assertThat(container.network()).isEqualTo("bridge");
        assertThat(container.labels()).isEqualTo(Map.of("berth.replica", "42", "berth.spec-version", "7",
                "berth.tenant", "acme", "berth.app", "shop", "berth.service", "web", "berth.slot", "3"));
        assertThat(RuntimeContainers.replicaOf(container.labels())).isEqualTo(42L);
    }

    @Test
    void limitsAboveTheHostAreCappedAtItAndAnEmptyCommandRunsTheImages() {
        ReplicaSpec spec = new ReplicaSpec("busybox", List.of(), Map.of(), 16.0, 64L << 30, null, List.of(),
                RestartPolicy.DEFAULT, null);
        ContainerSpec container = RuntimeContainers.spec(new Assignment(1, "t", "a", "s", 0, 1, "t.a.s.0", "running",
                spec), "t.a.s.0", HOST);
        assertThat(container.cmd()).isNull();
        assertThat(container.limits().cpus()).isEqualTo(2.0);
        assertThat(container.limits().memoryBytes()).isEqualTo(4L << 30);
        assertThat(container.limits().pidsLimit()).isNull();
    }

    @Test
    void imagesAreReportedByTagAndLatestAlsoByBareName() {
        assertThat(RuntimeContainers.names(List.of(ImageRef.parse("busybox:latest"), ImageRef.parse("web:1.4"),
                ImageRef.parse("127.0.0.1:7720/acme/api:latest"))))
                .containsExactly("busybox:latest", "busybox", "web:1.4", "127.0.0.1:7720/acme/api:latest",
                        "127.0.0.1:7720/acme/api");
    }
}
