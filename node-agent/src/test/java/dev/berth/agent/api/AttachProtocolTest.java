package dev.berth.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.launch.WindowSize;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachProtocolTest {

    private static byte[] message(int stream, String payload) {
        byte[] text = payload.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[1 + text.length];
        message[0] = (byte) stream;
        System.arraycopy(text, 0, message, 1, text.length);
        return message;
    }

    @Test
    void stdinBytesAreInputAndAnEmptyPayloadIsItsEnd() {
        assertThat(AttachProtocol.decode(message(0, "ls\n")))
                .isInstanceOfSatisfying(AttachProtocol.Inbound.Input.class,
                        input -> assertThat(new String(input.data(), StandardCharsets.UTF_8)).isEqualTo("ls\n"));
        assertThat(AttachProtocol.decode(new byte[] {0})).isInstanceOf(AttachProtocol.Inbound.EndOfInput.class);
    }

    @Test
    void aResizeControlMessageGivesRowsAndColumns() {
        assertThat(AttachProtocol.decode(message(3, "{\"resize\":{\"rows\":40,\"cols\":120}}")))
                .isEqualTo(new AttachProtocol.Inbound.Resize(new WindowSize(40, 120)));
    }

    @Test
    void malformedMessagesAreIgnoredWithAReason() {
        assertThat(AttachProtocol.decode(new byte[0])).isInstanceOf(AttachProtocol.Inbound.Ignored.class);
        assertThat(AttachProtocol.decode(message(1, "x"))).isInstanceOf(AttachProtocol.Inbound.Ignored.class);
        assertThat(AttachProtocol.decode(message(3, "{not json"))).isInstanceOf(AttachProtocol.Inbound.Ignored.class);
        assertThat(AttachProtocol.decode(message(3, "{\"resize\":{\"rows\":0,\"cols\":80}}")))
                .isInstanceOfSatisfying(AttachProtocol.Inbound.Ignored.class,
                        ignored -> assertThat(ignored.reason()).contains("1 to 65535"));
        assertThat(AttachProtocol.decode(message(3, "{\"resize\":{\"rows\":\"a\",\"cols\":80}}")))
                .isInstanceOf(AttachProtocol.Inbound.Ignored.class);
        assertThat(AttachProtocol.decode(message(3, "{\"hello\":1}"))).isInstanceOf(AttachProtocol.Inbound.Ignored.class);
    }

    @Test
    void outputIsTheStreamByteThenThePayloadAndTheExitIsAControlMessage() {
        assertThat(AttachProtocol.output(2, "oops!".getBytes(StandardCharsets.UTF_8), 4))
                .containsExactly(2, 'o', 'o', 'p', 's');
        byte[] exit = AttachProtocol.exit(137, true);
        assertThat(exit[0]).isEqualTo((byte) 3);
        assertThat(new String(exit, 1, exit.length - 1, StandardCharsets.UTF_8))
                .isEqualTo("{\"exit\":{\"code\":137,\"oomKilled\":true}}");
    }
}
