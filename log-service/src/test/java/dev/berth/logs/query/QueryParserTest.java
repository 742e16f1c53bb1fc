package dev.berth.logs.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.logs.LogException;
import dev.berth.logs.client.Stream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    private static final long NOW = 1_764_331_200_000_000_000L;
    private final QueryParser parser = new QueryParser(1000);

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return map;
    }

    @Test
    void aFullQuery() {
        LogQuery query = parser.parse(params("tenant", "t", "container", "c", "since", "2025-11-28T12:00:00Z",
                "until", "1764331200.5", "tail", "10", "stream", "stderr,stdin", "grep", "err(or)?",
                "timestamps", "true", "after", "o=5,e=7"), null, NOW);
        assertThat(query.sinceNs()).isEqualTo(1_764_331_200_000_000_000L);
        assertThat(query.untilNs()).isEqualTo(1_764_331_200_500_000_000L);
        assertThat(query.tail()).isEqualTo(10);
        assertThat(query.streams()).containsExactlyInAnyOrder(Stream.STDERR, Stream.STDIN);
        assertThat(query.grep().matcher("an error").find()).isTrue();
        assertThat(query.timestamps()).isTrue();
        assertThat(query.after().offsetOf(new StreamKey("c", Stream.STDERR))).isEqualTo(7);
    }

    @Test
    void defaultsAndRelativeTimes() {
        LogQuery query = parser.parse(params("tenant", "t", "app", "shop", "since", "1h30m"), null, NOW);
        assertThat(query.streams()).containsExactlyInAnyOrder(Stream.STDOUT, Stream.STDERR);
        assertThat(query.tail()).isEqualTo(-1);
        assertThat(query.sinceNs()).isEqualTo(NOW - 5400L * 1_000_000_000L);
        assertThat(query.untilNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void lastEventIdWinsOverAfter() {
        LogQuery query = parser.parse(params("tenant", "t", "container", "c", "after", "o=1", "follow", "true"),
                "o=9", NOW);
        assertThat(query.after().offsetOf(new StreamKey("c", Stream.STDOUT))).isEqualTo(9);
        assertThat(query.follow()).isTrue();
    }

    @Test
    void badQueriesSayWhatIsWrong() {
        assertRefused(params("tenant", "t", "container", "c", "tail", "1001"), "tail 1001 is more than");
        assertRefused(params("tenant", "t", "container", "c", "since", "soon"), "invalid since 'soon'");
        assertRefused(params("tenant", "t", "container", "c", "grep", "[a"), "invalid grep");
        assertRefused(params("tenant", "t"), "exactly one of 'container' and 'app'");
        assertRefused(params("tenant", "t", "container", "c", "app", "a"), "exactly one");
        assertRefused(params("container", "c"), "'tenant' is required");
        assertRefused(params("tenant", "t", "container", "c", "since", "20", "until", "10"), "is after until");
        assertRefused(params("tenant", "t", "container", "c", "follow", "true", "until", "10"),
                "until cannot be combined with follow");
    }

    private void assertRefused(Map<String, List<String>> parameters, String message) {
        assertThatThrownBy(() -> parser.parse(parameters, null, NOW)).isInstanceOf(LogException.class)
                .hasMessageContaining(message);
    }
}
