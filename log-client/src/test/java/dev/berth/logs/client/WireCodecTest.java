package dev.berth.logs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final Source out = new Source("t", "a", "c1", Stream.STDOUT, "n");
    private final Source err = new Source("t", "a", "c1", Stream.STDERR, "n");

    private static List<WireRecord> decode(byte[] body, int maxRecord) {
        WireReader reader = new WireReader(body, body.length, maxRecord);
        List<WireRecord> records = new ArrayList<>();
        while (reader.hasNext()) {
            records.add(reader.next());
        }
        return records;
    }

    @Test
    void roundTrip() {
        byte[] binary = {0, (byte) 0xff, '\n', 7};
        byte[] body = new WireWriter().bytes(out, 0, 1_764_331_200_000_000_000L, "hi\n".getBytes())
                .bytes(err, 5, 2, binary).bytes(out, 3, 3, new byte[0]).toByteArray();
        List<WireRecord> records = decode(body, 1024);
        assertThat(records).hasSize(5);
        var source = (WireRecord.SourceRecord) records.get(0);
        assertThat(source.index()).isZero();
        assertThat(new String(source.json(), StandardCharsets.UTF_8)).isEqualTo(out.toJson());
        var first = (WireRecord.BytesRecord) records.get(1);
        assertThat(first.offset()).isZero();
        assertThat(first.arrivalNanos()).isEqualTo(1_764_331_200_000_000_000L);
        assertThat(Arrays.copyOfRange(first.buffer(), first.position(), first.position() + first.length()))
                .isEqualTo("hi\n".getBytes());
        assertThat(((WireRecord.SourceRecord) records.get(2)).index()).isEqualTo(1);
        var second = (WireRecord.BytesRecord) records.get(3);
        assertThat(second.source()).isEqualTo(1);
        assertThat(second.offset()).isEqualTo(5);
        assertThat(Arrays.copyOfRange(second.buffer(), second.position(), second.position() + second.length()))
                .isEqualTo(binary);
        assertThat(((WireRecord.BytesRecord) records.get(4)).length()).isZero();
    }

    @Test
    void everyTruncationIsAClearError() {
        byte[] body = new WireWriter().bytes(out, 0, 1, "hello\n".getBytes()).toByteArray();
        int sourceRecord = LogWire.SOURCE_HEADER + out.toJson().length();
        for (int cut = 1; cut < body.length; cut++) {
            if (cut == sourceRecord) {
                continue; // a whole source record: a valid body
            }
            byte[] truncated = Arrays.copyOf(body, cut);
            assertThatThrownBy(() -> decode(truncated, 1024)).as("cut at " + cut)
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("the body ends inside")
                    .satisfies(e -> assertThat(((WireFormatException) e).tooLarge()).isFalse());
        }
    }

    @Test
    void oversizeRecordsAreRefusedBeforeTheirBytesAreRead() {
        byte[] body = new WireWriter().bytes(out, 0, 1, new byte[2000]).toByteArray();
        assertThatThrownBy(() -> decode(body, 1999)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("carries 2000 bytes; the most one record may carry is 1999")
                .satisfies(e -> assertThat(((WireFormatException) e).tooLarge()).isTrue());
        byte[] hugeSource = {1, 0, 0, 0, 1, 0, 0};
        assertThatThrownBy(() -> decode(hugeSource, 10)).hasMessageContaining("bytes of JSON; the most is 4096");
    }

    @Test
    void unknownKindsAndBadNamesAreRefused() {
        assertThatThrownBy(() -> decode(new byte[] {3}, 10)).hasMessageContaining("unknown record kind 3 at byte 0");
        assertThatThrownBy(() -> new Source("t", "a", "bad name", Stream.STDOUT, "n"))
                .hasMessageContaining("invalid container name 'bad name'");
    }

    @Test
    void acksAreRead() {
        assertThat(LogShipperClient.parseAcks("{\"acks\":[{\"container\":\"c1\",\"stream\":\"stdout\",\"end\":18},"
                + "{\"container\":\"c1\",\"stream\":\"stderr\",\"end\":0}]}"))
                .containsExactly(new Ack("c1", Stream.STDOUT, 18), new Ack("c1", Stream.STDERR, 0));
    }
}
