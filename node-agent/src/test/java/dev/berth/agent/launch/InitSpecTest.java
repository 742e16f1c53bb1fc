package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InitSpecTest {
    @Test
    void roundTripsEveryFieldIncludingNonAsciiAndEmptyLists() {
        InitSpec spec = new InitSpec("/r", List.of("sh", "-c", "echo héllo ✓"), List.of(), "/srv", "user:tty",
                0xa80425fbL, true, false);

        assertThat(InitSpec.decode(spec.encode())).isEqualTo(spec);
    }
}
