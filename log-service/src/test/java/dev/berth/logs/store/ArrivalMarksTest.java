package dev.berth.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalMarksTest {

    @Test
    void eachByteGetsTheTimeOfTheWriteItCameIn() {
        ArrivalMarks.Builder builder = new ArrivalMarks.Builder();
        builder.mark(0, 1000);
        builder.mark(10, 1000); // the same arrival: no mark
        builder.mark(20, 5000);
        builder.mark(300, 4000); // clocks may step back
        builder.mark(70_000, 9_000_000_000L);
        byte[] encoded = builder.toByteArray();
        assertThat(encoded.length).isLessThan(16);
        ArrivalMarks marks = ArrivalMarks.decode(encoded, 1000);
        assertThat(marks.size()).isEqualTo(4);
        assertThat(marks.timeAt(0)).isEqualTo(1000);
        assertThat(marks.timeAt(19)).isEqualTo(1000);
        assertThat(marks.timeAt(20)).isEqualTo(5000);
        assertThat(marks.timeAt(299)).isEqualTo(5000);
        assertThat(marks.timeAt(300)).isEqualTo(4000);
        assertThat(marks.timeAt(80_000)).isEqualTo(9_000_000_000L);
    }

    @Test
    void oneWriteNeedsNoBytes() {
        ArrivalMarks.Builder builder = new ArrivalMarks.Builder();
        builder.mark(0, 42);
        assertThat(builder.toByteArray()).isEmpty();
        assertThat(ArrivalMarks.decode(new byte[0], 42).timeAt(1000)).isEqualTo(42);
    }

    @Test
    void aTruncatedIndexIsRefused() {
        assertThatThrownBy(() -> ArrivalMarks.decode(new byte[] {(byte) 0x80}, 0))
                .hasMessageContaining("end inside a varint");
    }
}
