package dev.berth.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.store.ArrivalMarks;
import dev.berth.logs.store.Chunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkBuilderTest {
    private static final long DAY = 86_400_000_000_000L;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesArePackedIntoChunksOfAtMostTheLimit() {
        ChunkBuilder builder = new ChunkBuilder("t", "a", "c", 1, 7, true);
        builder.append(0, 100, bytes("ab\ncd"), 0, 5);
        builder.append(5, 200, bytes("ef\nghij\n"), 0, 8);
        List<Chunk> chunks = builder.finish();
        assertThat(chunks).extracting(Chunk::startOffset, Chunk::endOffset, Chunk::lineCount, Chunk::startsLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 7L, 1, true),
                        org.assertj.core.groups.Tuple.tuple(7L, 13L, 2, false));
        assertThat(ArrivalMarks.decode(chunks.get(0).marks(), chunks.get(0).firstNs()).timeAt(5)).isEqualTo(200);
        assertThat(chunks.get(1).firstNs()).isEqualTo(200);
        assertThat(builder.endsLine()).isTrue();
    }

    @Test
    void aGapOrANewDayStartsAChunk() {
        ChunkBuilder builder = new ChunkBuilder("t", "a", "c", 1, 1024, false);
        builder.append(0, 10 * DAY - 1, bytes("x\n"), 0, 2);
        builder.append(2, 10 * DAY, bytes("y\n"), 0, 2);
        builder.append(50, 10 * DAY, bytes("z"), 0, 1);
        List<Chunk> chunks = builder.finish();
        assertThat(chunks).extracting(Chunk::startOffset).containsExactly(0L, 2L, 50L);
        assertThat(chunks.get(0).startsLine()).isFalse();
        assertThat(chunks.get(2).startsLine()).isTrue();
        assertThat(builder.endsLine()).isFalse();
    }
}
