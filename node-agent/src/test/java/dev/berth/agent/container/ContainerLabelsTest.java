package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerLabelsTest {

    static ContainerSpec spec(Map<String, String> labels) {
        return new ContainerSpec(null, "busybox", null, null, List.of(), null, null, null, Limits.none(), false,
                "bridge", List.of(), false, ContainerStdio.none(), labels);
    }

    @Test
    void labelsAreKeptAsGiven() {
        assertThat(spec(Map.of("berth.app", "shop", "tier", "")).labels())
                .containsEntry("berth.app", "shop").containsEntry("tier", "");
    }

    @Test
    void emptyOrLongKeysAndLongValuesAreRefused() {
        assertThatThrownBy(() -> spec(Map.of("", "x"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> spec(Map.of("k".repeat(129), "x"))).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> spec(Map.of("k", "v".repeat(4097)))).isInstanceOf(InvalidSpecException.class);
        assertThat(spec(Map.of("k".repeat(128), "v".repeat(4096))).labels()).hasSize(1);
    }
}
