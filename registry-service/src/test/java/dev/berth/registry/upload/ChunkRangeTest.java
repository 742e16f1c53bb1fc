package dev.berth.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkRangeTest {

    @ParameterizedTest
    @CsvSource({
        "'0-99',               0,   100",
        "'100-199',            100, 100",
        "'5-5',                5,   1",
        "'bytes 100-199/500',  100, 100",
        "'bytes 100-199/*',    100, 100",
        "'bytes=0-9',          0,   10",
    })
    void readsTheSpecFormAndTheHttpForm(String header, long first, long length) {
        ChunkRange range = ChunkRange.parse(header);

        assertThat(range.first()).isEqualTo(first);
        assertThat(range.length()).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "-5", "a-b", "10-5", "0-99999999999999999999", "bytes */100"})
    void refusesOthers(String header) {
        assertThatThrownBy(() -> ChunkRange.parse(header)).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.BLOB_UPLOAD_INVALID);
    }

    @ParameterizedTest
    @CsvSource({"0, '0-0'", "1, '0-0'", "2, '0-1'", "1000, '0-999'"})
    void reportsProgressAsTheSpecsRange(long size, String range) {
        assertThat(new UploadStatus(java.util.UUID.randomUUID(), dev.berth.registry.oci.RepositoryName.of("a"), size)
                .range()).isEqualTo(range);
    }
}
