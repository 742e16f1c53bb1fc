package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The assignment stream, line by line, in the scheduler's stored form; and the view it builds. */
class WatchMessagesTest {
    static final String SPEC = "{\"image\":\"registry.local:5000/acme/web:1.4\",\"command\":[\"web\",\"--port\","
            + "\"8080\"],\"env\":{\"MODE\":\"prod\"},\"replicas\":3,\"resources\":{\"cpu\":{\"request\":\"250m\","
            + "\"limit\":\"1500m\"},\"memory\":{\"request\":\"268435456\",\"limit\":\"536870912\"},\"pids\":512},"
            + "\"ports\":[{\"container\":8080,\"host\":8080,\"protocol\":\"tcp\"},{\"container\":9090,\"host\":null,"
            + "\"protocol\":\"udp\"}],\"restart\":{\"policy\":\"on-failure\",\"maxRetries\":5,\"backoff\":\"1000ms\","
            + "\"maxBackoff\":\"60000ms\"},\"health\":{\"exec\":null,\"http\":{\"port\":8080,\"path\":\"/healthz\"},"
            + "\"interval\":\"10000ms\",\"timeout\":\"2000ms\",\"retries\":3},\"placement\":{\"constraints\":[],"
            + "\"spread\":null},\"update\":{\"maxUnavailable\":1,\"maxSurge\":1}}";
    static final String ASSIGNMENT = "{\"replica\":42,\"tenant\":\"acme\",\"app\":\"shop\",\"service\":\"web\","
            + "\"slot\":0,\"specVersion\":3,\"name\":\"acme.shop.web.0\",\"desired\":\"running\",\"spec\":" + SPEC
            + "}";

    @Test
    void aSnapshotCarriesEveryAssignmentWithItsSpecReadOnce() {
        WatchEvent event = WatchMessages.parse("{\"type\":\"snapshot\",\"revision\":1200,\"assignments\":["
                + ASSIGNMENT + "]}");
        assertThat(event).isInstanceOf(WatchEvent.Snapshot.class);
        WatchEvent.Snapshot snapshot = (WatchEvent.Snapshot) event;
        assertThat(snapshot.revision()).isEqualTo(1200);
        Assignment a = snapshot.assignments().getFirst();
        assertThat(a.replica()).isEqualTo(42);
        assertThat(a.name()).isEqualTo("acme.shop.web.0");
        assertThat(a.specVersion()).isEqualTo(3);
        ReplicaSpec spec = a.spec();
        assertThat(spec.image()).isEqualTo("registry.local:5000/acme/web:1.4");
        assertThat(spec.command()).containsExactly("web", "--port", "8080");
        assertThat(spec.env()).isEqualTo(Map.of("MODE", "prod"));
        assertThat(spec.cpus()).isEqualTo(1.5);
        assertThat(spec.memoryBytes()).isEqualTo(536870912L);
        assertThat(spec.pids()).isEqualTo(512L);
        assertThat(spec.ports()).containsExactly(new ReplicaSpec.Port(8080, 8080, "tcp"),
                new ReplicaSpec.Port(9090, null, "udp"));
        assertThat(spec.restart()).isEqualTo(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 5,
                Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertThat(spec.health()).isEqualTo(new HealthCheck(null, 8080, "/healthz", Duration.ofSeconds(10),
                Duration.ofSeconds(2), 3));
    }

    @Test
    void putRemoveAndKeepalive() {
        WatchEvent put = WatchMessages.parse("{\"type\":\"put\",\"revision\":1201,\"replica\":42,\"assignment\":"
                + ASSIGNMENT + "}");
        assertThat(put).isInstanceOf(WatchEvent.Put.class);
        assertThat(((WatchEvent.Put) put).assignment().replica()).isEqualTo(42);
        assertThat(WatchMessages.parse("{\"type\":\"remove\",\"revision\":1202,\"replica\":17}"))
                .isEqualTo(new WatchEvent.Remove(1202, 17));
        assertThat(WatchMessages.parse("{\"type\":\"keepalive\",\"revision\":1202,\"assignments\":null}"))
                .isEqualTo(new WatchEvent.Keepalive(1202));
        assertThat(WatchMessages.parse("  ")).isNull();
    }

    @Test
    void aSpecWithOnlyDefaultsRunsTheImageUnderAlways() {
        WatchEvent event = WatchMessages.parse("{\"type\":\"put\",\"revision\":3,\"assignment\":{\"replica\":1,"
                + "\"tenant\":\"t\",\"app\":\"a\",\"service\":\"s\",\"slot\":0,\"specVersion\":1,\"name\":\"t.a.s.0\","
                + "\"spec\":{\"image\":\"busybox\"}}}");
        ReplicaSpec spec = ((WatchEvent.Put) event).assignment().spec();
        assertThat(spec.command()).isEmpty();
        assertThat(spec.cpus()).isNull();
        assertThat(spec.restart()).isEqualTo(RestartPolicy.DEFAULT);
        assertThat(spec.health()).isNull();
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> WatchMessages.parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> WatchMessages.parse("{\"type\":\"explode\",\"revision\":1}"))
                .hasMessageContaining("explode");
        assertThatThrownBy(() -> WatchMessages.parse("{\"type\":\"remove\"}")).hasMessageContaining("revision");
        assertThatThrownBy(() -> WatchMessages.parse("{\"type\":\"put\",\"revision\":2,\"assignment\":"
                + ASSIGNMENT.replace("\"10000ms\"", "\"often\"") + "}"))
                .hasMessageContaining("replica 42").hasMessageContaining("often");
    }

    @Test
    void theViewFollowsTheStreamAndKnowsWhereToResume() {
        DesiredState state = new DesiredState();
        assertThat(state.seeded()).isFalse();
        assertThat(state.revision()).isZero();
        Assignment a1 = Specs.assignment(1, 1);
        Assignment a2 = Specs.assignment(2, 1);
        assertThat(state.apply(new WatchEvent.Snapshot(100, List.of(a1, a2)))).isTrue();
        assertThat(state.seeded()).isTrue();
        assertThat(state.apply(new WatchEvent.Put(101, Specs.assignment(2, 2)))).isTrue();
        assertThat(state.apply(new WatchEvent.Put(102, Specs.assignment(2, 2)))).as("the same again").isFalse();
        assertThat(state.apply(new WatchEvent.Remove(103, 1))).isTrue();
        assertThat(state.apply(new WatchEvent.Remove(104, 9))).isFalse();
        assertThat(state.apply(new WatchEvent.Keepalive(110))).isFalse();
        assertThat(state.revision()).as("resume after the keepalive's revision").isEqualTo(110);
        assertThat(state.assignments()).containsOnlyKeys(2L);
        assertThat(state.assignments().get(2L).specVersion()).isEqualTo(2);

        assertThat(state.apply(new WatchEvent.Snapshot(50, List.of(a1)))).isTrue();
        assertThat(state.assignments()).as("a snapshot replaces everything").containsOnlyKeys(1L);
        assertThat(state.revision()).as("even from a scheduler that started over").isEqualTo(50);
    }
}
