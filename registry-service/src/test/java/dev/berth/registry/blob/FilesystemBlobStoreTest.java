package dev.berth.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.oci.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void anUploadBecomesABlobByRenameIntoTheTwoLevelLayout() throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(dir);
        UUID upload = UUID.randomUUID();
        byte[] content = "hello, blob".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(content);

        store.createUpload(upload);
        try (UploadSink sink = store.append(upload)) {
            sink.write(ByteBuffer.wrap(content, 0, 5));
        }
        try (UploadSink sink = store.append(upload)) {
            sink.write(ByteBuffer.wrap(content, 5, content.length - 5));
        }
        assertThat(store.uploadSize(upload)).isEqualTo(content.length);
        assertThat(store.size(digest)).isEmpty();

        store.commit(upload, digest);

        Path file = dir.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertThat(file).hasBinaryContent(content);
        assertThat(store.size(digest)).hasValue(content.length);
        assertThat(dir.resolve("uploads/" + upload)).doesNotExist();
        assertThatThrownBy(() -> store.uploadSize(upload)).isInstanceOf(NoSuchFileException.class);
        try (ReadableByteChannel channel = store.open(digest, 7)) {
            assertThat(Channels.newInputStream(channel).readAllBytes()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("blob");
        }
        assertThat(store.listBlobs()).extracting(BlobSweeper.StoredBlob::digest).containsExactly(digest);
    }

    @Test
    void aRefusedChunkIsCutBack() throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(dir);
        UUID upload = UUID.randomUUID();
        store.createUpload(upload);
        try (UploadSink sink = store.append(upload)) {
            sink.write(ByteBuffer.wrap(new byte[100]));
        }

        store.truncateUpload(upload, 40);

        assertThat(store.uploadSize(upload)).isEqualTo(40);
        assertThat(store.listUploads()).extracting(BlobSweeper.StoredUpload::id).containsExactly(upload);
        store.cancelUpload(upload);
        assertThat(store.listUploads()).isEmpty();
    }

    @Test
    void listsOnlyWhatIsItsOwn() throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(dir);
        Files.writeString(dir.resolve("uploads/notes.txt"), "not an upload");
        Files.createDirectories(dir.resolve("blobs/sha256/zz"));
        Files.writeString(dir.resolve("blobs/sha256/zz/readme"), "not a blob");
        // A blob filed under the wrong prefix is not one the store would ever find.
        Files.writeString(dir.resolve("blobs/sha256/zz/" + "a".repeat(64)), "misfiled");

        assertThat(store.listBlobs()).isEmpty();
        assertThat(store.listUploads()).isEmpty();
    }

    @Test
    void deletingWhatIsGoneIsNoError() throws IOException {
        FilesystemBlobStore store = new FilesystemBlobStore(dir);

        store.delete(Digest.EMPTY);
        store.cancelUpload(UUID.randomUUID());

        assertThat(store.size(Digest.EMPTY)).isEmpty();
    }
}
