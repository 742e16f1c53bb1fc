package dev.berth.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static byte[] jdk(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void libcryptoIsUsedOnThisMachine() {
        // Debian's libssl3 is in every installation the agent runs on; without it pulls would be ten times slower.
        assertThat(Sha256.isNative()).isTrue();
        assertThat(Sha256.newDigest()).isInstanceOf(Sha256.class);
    }

    @Test
    void givesTheSameDigestsAsTheJdkWhateverTheWritesLookLike() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 55, 64, 65_535, 65_536, 65_537, 1_000_003}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            MessageDigest digest = Sha256.newDigest();
            int at = 0;
            while (at < size) {
                int n = Math.min(size - at, 1 + random.nextInt(100_000));
                if (n == 1) {
                    digest.update(data[at]);
                } else {
                    digest.update(data, at, n);
                }
                at += n;
            }
            assertThat(digest.digest()).as("%d bytes", size).isEqualTo(jdk(data));
            // A digest starts over after digest(), as the JDK's does.
            assertThat(digest.digest(data)).isEqualTo(jdk(data));
        }
    }

    @Test
    void aCloneGoesOnOnItsOwn() throws Exception {
        byte[] head = "head ".repeat(20_000).getBytes();
        byte[] tail = "tail".getBytes();
        MessageDigest digest = Sha256.newDigest();
        digest.update(head);

        MessageDigest copy = (MessageDigest) digest.clone();
        digest.update(tail);

        assertThat(copy.digest()).isEqualTo(jdk(head));
        byte[] both = new byte[head.length + tail.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(tail, 0, both, head.length, tail.length);
        assertThat(digest.digest()).isEqualTo(jdk(both));
    }

    @Test
    void resetForgetsWhatWasWritten() throws Exception {
        MessageDigest digest = Sha256.newDigest();
        digest.update(new byte[100_000]);
        digest.reset();

        assertThat(digest.digest("abc".getBytes())).isEqualTo(jdk("abc".getBytes()));
    }
}
