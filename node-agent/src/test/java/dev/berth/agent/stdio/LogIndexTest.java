package dev.berth.agent.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an arrival index: what is there, what is not (yet, or any more), and what cannot be read. */
class LogIndexTest {
    @TempDir
    Path temp;

    @Test
    void recordsAreReadBackInOrderFromAnyRecordOn() throws IOException {
        Path index = temp.resolve("stdout.idx");
        try (LogIndex.Writer writer = new LogIndex.Writer(index)) {
            writer.append(10, 5);
            writer.append(20, 9);
        }

        assertThat(LogIndex.read(index, 0)).containsExactly(new LogIndex.Entry(10, 5), new LogIndex.Entry(20, 9));
        assertThat(LogIndex.read(index, 1)).containsExactly(new LogIndex.Entry(20, 9));
        assertThat(LogIndex.lastEnd(index)).isEqualTo(9);
    }

    /** A follower may read an index just as its container is removed: that is the end, not an error. */
    @Test
    void anIndexThatIsNotThereOrIsGoneHasNoRecords() throws IOException {
        Path container = Files.createDirectories(temp.resolve("container"));
        Path index = container.resolve("stderr.idx");
        assertThat(LogIndex.read(index, 0)).isEmpty();
        try (LogIndex.Writer writer = new LogIndex.Writer(index)) {
            writer.append(10, 5);
        }
        Files.delete(index);
        Files.delete(container);

        assertThat(LogIndex.read(index, 0)).isEmpty();
        assertThat(LogIndex.lastEnd(index)).isZero();
    }

    @Test
    void anIndexThatCannotBeReadIsAnError() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("not-a-file.idx"));

        assertThatThrownBy(() -> LogIndex.read(directory, 0)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read log index");
    }
}
