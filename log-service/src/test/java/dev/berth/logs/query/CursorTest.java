package dev.berth.logs.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.logs.client.Stream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void aContainersCursorLeavesTheContainerOut() {
        Map<StreamKey, Long> offsets = new TreeMap<>(Map.of(new StreamKey("c", Stream.STDERR), 7L,
                new StreamKey("c", Stream.STDOUT), 120L));
        String text = Cursor.encode(offsets, "c");
        assertThat(text).isEqualTo("o=120,e=7");
        assertThat(Cursor.parse(text, "c").offsets()).isEqualTo(offsets);
    }

    @Test
    void anAppsCursorNamesItsContainers() {
        Map<StreamKey, Long> offsets = Map.of(new StreamKey("web-1", Stream.STDOUT), 5L,
                new StreamKey("web-2", Stream.STDIN), 0L);
        String text = Cursor.encode(offsets, null);
        assertThat(text).isEqualTo("web-1/o=5,web-2/i=0");
        assertThat(Cursor.parse(text, null).offsets()).isEqualTo(offsets);
    }

    @Test
    void badCursorsAreRefused() {
        assertThatThrownBy(() -> Cursor.parse("x=1", "c")).hasMessageContaining("invalid cursor");
        assertThatThrownBy(() -> Cursor.parse("o=-1", "c")).hasMessageContaining("not negative");
        assertThatThrownBy(() -> Cursor.parse("o=1", null)).hasMessageContaining("names the container");
        assertThatThrownBy(() -> Cursor.parse("", "c")).hasMessageContaining("empty");
    }
}
