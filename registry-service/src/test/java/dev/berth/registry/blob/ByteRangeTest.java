package dev.berth.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.blob.ByteRange.RangeNotSatisfiableException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest
    @CsvSource({
        "'bytes=0-9',      100, 0,  10",
        "'bytes=10-19',    100, 10, 10",
        "'bytes=90-',      100, 90, 10",
        "'bytes=90-1000',  100, 90, 10",  // the end is cut to the blob's
        "'bytes=-10',      100, 90, 10",  // the last ten
        "'bytes=99-99',    100, 99, 1",
        "'BYTES= 5 - 6 ',  100, 5,  2",
    })
    void readsOneRange(String header, long size, long start, long length) {
        ByteRange range = ByteRange.parse(header, size).orElseThrow();

        assertThat(range).isEqualTo(new ByteRange(start, length));
        assertThat(range.end()).isEqualTo(start + length - 1);
    }

    @Test
    void saysWhereItIsInContentRange() {
        assertThat(new ByteRange(10, 10).contentRange(100)).isEqualTo("bytes 10-19/100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-99", "bytes=0-", "bytes=-100", "bytes=-5000", "bytes=0-1000"})
    void aRangeOfTheWholeBlobIsNoRange(String header) {
        assertThat(ByteRange.parse(header, 100)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-9", "bytes=9-0", "bytes=0-9,20-29", "bytes=a-b", "bytes=", "bytes=-",
        "bytes=0x10-20", "bytes 0-9"})
    void ignoresWhatIsNotOneValidByteRange(String header) {
        assertThat(ByteRange.parse(header, 100)).isEmpty();
    }

    @Test
    void noHeaderMeansTheWholeBlob() {
        assertThat(ByteRange.parse(null, 100)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"'bytes=100-', 100", "'bytes=100-200', 100", "'bytes=-0', 100", "'bytes=0-', 0", "'bytes=-1', 0"})
    void refusesRangesPastTheEnd(String header, long size) {
        assertThatThrownBy(() -> ByteRange.parse(header, size)).isInstanceOf(RangeNotSatisfiableException.class)
                .satisfies(e -> {
                    RangeNotSatisfiableException refused = (RangeNotSatisfiableException) e;
                    assertThat(refused.status()).isEqualTo(416);
                    assertThat(refused.code()).isEqualTo(ErrorCode.RANGE_INVALID);
                    assertThat(refused.size()).isEqualTo(size);
                });
    }
}
