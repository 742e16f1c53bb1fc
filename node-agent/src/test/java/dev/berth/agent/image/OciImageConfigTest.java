package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciImageConfigTest {
    private static final Digest LAYER = Digest.sha256("ab".repeat(32));
    private static final Instant CREATED = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void writesTheOciFieldsInAFixedOrder() {
        ImageConfig config = new ImageConfig(List.of("A=1"), List.of(), List.of("sh"), "/", "1000");
        String json = new String(OciImageConfig.forImport(CREATED, config, LAYER).toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"created\":\"2026-11-27T10:00:00Z\",\"architecture\":\""
                + OciImageConfig.hostArchitecture() + "\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\"],"
                + "\"Entrypoint\":null,\"Cmd\":[\"sh\"],\"WorkingDir\":\"/\",\"User\":\"1000\"},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + LAYER + "\"]},"
                + "\"history\":[{\"created\":\"2026-11-27T10:00:00Z\",\"created_by\":\"berth import\"}]}");
    }

    @Test
    void readsBackWhatItWrote() {
        OciImageConfig written = OciImageConfig.forImport(CREATED,
                ImageConfig.defaults(null).withChanges(List.of("ENTRYPOINT [\"/init\"]", "WORKDIR /srv")), LAYER);

        assertThat(OciImageConfig.parse(written.toJson())).isEqualTo(written);
    }

    @Test
    void theSameImageAtAnotherTimeIsTheSameImage() {
        OciImageConfig now = OciImageConfig.forImport(CREATED, ImageConfig.defaults(null), LAYER);
        OciImageConfig later = OciImageConfig.forImport(CREATED.plusSeconds(60), ImageConfig.defaults(null), LAYER);
        OciImageConfig other = OciImageConfig.forImport(CREATED, ImageConfig.defaults(List.of("sh")), LAYER);

        assertThat(later.sameImageAs(now)).isTrue();
        assertThat(other.sameImageAs(now)).isFalse();
        assertThat(later.toJson()).isNotEqualTo(now.toJson());
    }

    @Test
    void refusesWhatIsNotAConfig() {
        assertThatThrownBy(() -> OciImageConfig.parse("{\"rootfs\":{\"diff_ids\":[\"md5:x\"]}}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImageException.class).hasMessageContaining("invalid OCI image config");
        assertThatThrownBy(() -> OciImageConfig.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImageException.class);
    }
}
