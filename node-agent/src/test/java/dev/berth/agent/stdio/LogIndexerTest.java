package dev.berth.agent.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexer against real inotify (which needs no privileges): it notices writes and records their arrival. */
class LogIndexerTest {
    @TempDir
    Path dir;
    LogFiles files;
    LogIndexer indexer;

    @BeforeEach
    void start() throws IOException {
        files = new LogFiles(dir);
        for (LogStream stream : LogStream.values()) {
            Files.createFile(files.log(stream));
        }
        indexer = new LogIndexer(new LinuxSyscalls());
    }

    @AfterEach
    void stop() {
        indexer.close();
    }

    @Test
    void aWriteIsIndexedAndFollowersAreToldWithinMilliseconds() throws Exception {
        indexer.watch("c1", files);
        CountDownLatch told = new CountDownLatch(1);
        indexer.subscribe("c1", told::countDown);
        long before = LogIndexer.nowNanos();

        Files.writeString(files.log(LogStream.STDERR), "boom\n", StandardOpenOption.APPEND);

        assertThat(told.await(1, TimeUnit.SECONDS)).isTrue();
        List<LogIndex.Entry> entries = LogIndex.read(files.index(LogStream.STDERR), 0);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().end()).isEqualTo(5);
        assertThat(entries.getFirst().nanos()).isBetween(before, LogIndexer.nowNanos());
        assertThat(LogIndex.read(files.index(LogStream.STDOUT), 0)).isEmpty();
    }

    @Test
    void finishRecordsWhatIsLeftAndStopsWatching() throws Exception {
        indexer.watch("c2", files);
        Files.writeString(files.log(LogStream.STDOUT), "a\n", StandardOpenOption.APPEND);

        indexer.finish("c2");
        Files.writeString(files.log(LogStream.STDOUT), "after\n", StandardOpenOption.APPEND);
        Thread.sleep(50);

        assertThat(LogIndex.lastEnd(files.index(LogStream.STDOUT))).isEqualTo(2);
    }

    @Test
    void bytesWrittenWhileUnwatchedAreIndexedWhenWatchingResumes() throws Exception {
        Files.writeString(files.log(LogStream.STDOUT), "written while the agent was down\n",
                StandardOpenOption.APPEND);

        indexer.watch("c3", files);

        assertThat(LogIndex.lastEnd(files.index(LogStream.STDOUT))).isEqualTo(33);
    }
}
