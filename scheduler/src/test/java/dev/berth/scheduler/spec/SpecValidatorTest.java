package dev.berth.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scheduler.desired.AppRequest;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    static SpecException invalid(String json) {
        try {
            SpecValidator.validate("", StrictJson.read(json, ServiceSpec.class));
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    static List<String> fields(String json) {
        return invalid(json).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsAndNormalForm() {
        ServiceSpec spec = SpecValidator.validate("", StrictJson.read("{\"image\":\"nginx:1.27\","
                + "\"resources\":{\"cpu\":{\"request\":\"0.25\",\"limit\":\"1\"},\"memory\":{\"request\":\"128Mi\"}}}",
                ServiceSpec.class));
        assertThat(spec.replicas()).isEqualTo(1);
        ServiceSpec.Resources resources = Objects.requireNonNull(spec.resources());
        assertThat(Objects.requireNonNull(resources.cpu()).request()).isEqualTo("250m");
        assertThat(Objects.requireNonNull(resources.cpu()).limit()).isEqualTo("1000m");
        assertThat(Objects.requireNonNull(resources.memory()).request()).isEqualTo("134217728");
        assertThat(Objects.requireNonNull(resources.memory()).limit()).isEqualTo("134217728");
        assertThat(Objects.requireNonNull(spec.restart()).policy()).isEqualTo("always");
        assertThat(Objects.requireNonNull(spec.update()).maxSurge()).isEqualTo(1);
        assertThat(Demand.of(spec).memoryBytes()).isEqualTo(128L << 20);
    }

    @Test
    void negativeReplicas() {
        SpecException e = invalid("{\"image\":\"nginx\",\"replicas\":-1}");
        assertThat(e.field()).isEqualTo("replicas");
        assertThat(e.getMessage()).contains("0 or more");
    }

    @Test
    void unknownFieldsAreNamed() {
        assertThatThrownBy(() -> StrictJson.read("{\"image\":\"nginx\",\"replica\":3}", ServiceSpec.class))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.field()).isEqualTo("replica");
                    assertThat(e.getMessage()).contains("unknown field 'replica'").contains("replicas");
                });
        assertThatThrownBy(() -> StrictJson.read("{\"name\":\"a\",\"services\":{\"web\":{\"image\":\"x\","
                + "\"resources\":{\"gpu\":1}}}}", AppRequest.class))
                .isInstanceOfSatisfying(SpecException.class,
                        e -> assertThat(e.field()).isEqualTo("services.web.resources.gpu"));
    }

    @Test
    void requestsAboveLimits() {
        assertThat(fields("{\"image\":\"nginx\",\"resources\":{\"memory\":{\"request\":\"1Gi\",\"limit\":\"512Mi\"},"
                + "\"cpu\":{\"request\":\"2\",\"limit\":\"500m\"}}}"))
                .containsExactlyInAnyOrder("resources.cpu.request", "resources.memory.request");
    }

    @Test
    void portsOutOfRangeAndPublishedTwice() {
        assertThat(fields("{\"image\":\"nginx\",\"ports\":[{\"container\":0},{\"container\":80,\"host\":70000},"
                + "{\"container\":81,\"host\":8080},{\"container\":82,\"host\":8080}]}"))
                .containsExactly("ports[0].container", "ports[1].host", "ports[3].host");
    }

    @Test
    void imageReferences() {
        for (String good : List.of("nginx", "nginx:1.27", "library/nginx:latest", "registry.local:5000/acme/web:v2",
                "localhost/x@sha256:" + "a".repeat(64), "ghcr.io/org/app:1.0-rc.1")) {
            assertThat(ImageReference.valid(good)).as(good).isTrue();
        }
        for (String bad : List.of("", "NGINX", "nginx:", ":tag", "a//b", "nginx@sha256:xyz", "nginx:1 2")) {
            assertThat(ImageReference.valid(bad)).as(bad).isFalse();
        }
        assertThat(fields("{\"image\":\"Bad Image\"}")).containsExactly("image");
    }

    @Test
    void healthChecksAndConstraints() {
        assertThat(fields("{\"image\":\"nginx\",\"health\":{\"exec\":[\"true\"],\"http\":{\"port\":80}}}"))
                .containsExactly("health");
        assertThat(fields("{\"image\":\"nginx\",\"health\":{\"http\":{\"port\":80},\"interval\":\"1s\","
                + "\"timeout\":\"5s\",\"retries\":0}}")).containsExactlyInAnyOrder("health.timeout", "health.retries");
        assertThat(fields("{\"image\":\"nginx\",\"placement\":{\"constraints\":[\"zone=a\"],\"spread\":\"zone\"}}"))
                .containsExactly("placement.constraints[0]", "placement.spread");
        assertThat(fields("{\"image\":\"nginx\",\"update\":{\"maxUnavailable\":0,\"maxSurge\":0}}"))
                .containsExactly("update.maxSurge");
    }

    @Test
    void quantities() {
        assertThat(Quantities.cpuMilli("1.5")).isEqualTo(1500);
        assertThat(Quantities.cpuMilli("250m")).isEqualTo(250);
        assertThat(Quantities.cpuMilli("0.0001")).isNull();
        assertThat(Quantities.bytes("1Gi")).isEqualTo(1L << 30);
        assertThat(Quantities.bytes("1G")).isEqualTo(1_000_000_000L);
        assertThat(Quantities.bytes("lots")).isNull();
        assertThat(Quantities.millis("1m")).isEqualTo(60_000);
    }
}
