package dev.berth.agent.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.launch.WindowSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSlotTest {

    /** A run's input that records what reached it. */
    private static final class Recorded implements ConsoleInput {
        final List<String> seen = new ArrayList<>();

        @Override
        public void write(byte[] data) {
            seen.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void endOfInput() {
            seen.add("EOF");
        }

        @Override
        public void resize(WindowSize size) {
            // not a terminal
        }

        @Override
        public void close() {
            seen.add("closed");
        }
    }

    @Test
    void aClientAttachedBeforeTheStartWritesToThatRun() {
        ConsoleSlot slot = new ConsoleSlot();
        ConsoleSlot.Attachment client = slot.attach();
        assertThat(client.input()).isNotDone();
        Recorded run = new Recorded();
        slot.opened(run);
        assertThat(client.input().join()).isSameAs(run);
    }

    @Test
    void aClientsLateEndOfInputStaysWithItsRunAndNeverReachesTheNext() {
        ConsoleSlot slot = new ConsoleSlot();
        ConsoleSlot.Attachment first = slot.attach();
        Recorded one = new Recorded();
        slot.opened(one);
        first.input().join().write("a\n".getBytes(StandardCharsets.UTF_8));
        // The run reads its line and ends before the client's end of input arrives.
        slot.closed();
        ConsoleSlot.Attachment second = slot.attach();
        Recorded two = new Recorded();
        slot.opened(two);

        first.input().join().endOfInput();
        second.input().join().write("b\n".getBytes(StandardCharsets.UTF_8));

        assertThat(one.seen).containsExactly("a\n", "closed", "EOF");
        assertThat(two.seen).containsExactly("b\n");
    }

    @Test
    void aClientAttachedToARunningProcessWritesToIt() {
        ConsoleSlot slot = new ConsoleSlot();
        Recorded run = new Recorded();
        slot.opened(run);
        assertThat(slot.attach().input().join()).isSameAs(run);
    }
}
