package dev.berth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.args.UsageException;
import org.junit.jupiter.api.Test;

class DetachKeysTest {

    private static DetachKeys.Scan scan(DetachKeys keys, int... bytes) {
        byte[] input = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            input[i] = (byte) bytes[i];
        }
        return keys.scan(input, input.length);
    }

    @Test
    void parsesDockersSyntax() {
        assertThat(DetachKeys.parse(DetachKeys.DEFAULT).sequence()).containsExactly(16, 17);
        assertThat(DetachKeys.parse("ctrl-a,x,ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_").sequence())
                .containsExactly(1, 'x', 0, 27, 28, 29, 30, 31);
        assertThat(DetachKeys.parse("CTRL-Q").sequence()).containsExactly(17);
    }

    @Test
    void refusesWhatIsNotAKey() {
        assertThatThrownBy(() -> DetachKeys.parse("")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("ctrl-1");
        assertThatThrownBy(() -> DetachKeys.parse("ab")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-p,")).isInstanceOf(UsageException.class);
    }

    @Test
    void theSequenceDetachesAndIsNotSent() {
        DetachKeys keys = DetachKeys.parse(DetachKeys.DEFAULT);
        DetachKeys.Scan scan = scan(keys, 'l', 's', 16, 17, 'x');
        assertThat(scan.detach()).isTrue();
        assertThat(scan.forward()).containsExactly('l', 's');
    }

    @Test
    void aPartialMatchIsHeldBackAcrossReadsAndReleasedWhenBroken() {
        DetachKeys keys = DetachKeys.parse(DetachKeys.DEFAULT);
        DetachKeys.Scan first = scan(keys, 'a', 16);
        assertThat(first.forward()).containsExactly('a');
        assertThat(first.detach()).isFalse();
        DetachKeys.Scan second = scan(keys, 'b');
        assertThat(second.forward()).containsExactly(16, 'b');
        assertThat(second.detach()).isFalse();

        scan(keys, 16);
        assertThat(scan(keys, 17).detach()).isTrue();
    }

    @Test
    void aBrokenMatchCanStartTheNextOne() {
        DetachKeys keys = DetachKeys.parse(DetachKeys.DEFAULT);
        DetachKeys.Scan scan = scan(keys, 16, 16, 17);
        assertThat(scan.detach()).isTrue();
        assertThat(scan.forward()).containsExactly(16);
    }
}
