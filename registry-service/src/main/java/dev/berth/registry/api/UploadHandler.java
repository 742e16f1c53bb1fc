package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.blob.Blobs;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.RepositoryName;
import dev.berth.registry.upload.ChunkRange;
import dev.berth.registry.upload.UploadStatus;
import dev.berth.registry.upload.Uploads;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /v2/<name>/blobs/uploads/}: start an upload (or push a whole blob, or mount one), then PATCH chunks, ask
 * where it stands, PUT the last chunk with the digest, or DELETE it.
 */
final class UploadHandler {
    private static final String UPLOAD_UUID = "Docker-Upload-UUID";
    /** How many body buffers Netty may hand over ahead of the thread that writes them to disk. */
    private static final int PREFETCH = 16;

    private final Uploads uploads;
    private final Blobs blobs;
    private final RegistrySchedulers schedulers;

    UploadHandler(Uploads uploads, Blobs blobs, RegistrySchedulers schedulers) {
        this.uploads = uploads;
        this.blobs = blobs;
        this.schedulers = schedulers;
    }

    Mono<ServerResponse> start(ServerRequest request, RepositoryName name) {
        Optional<String> mount = request.queryParam("mount");
        Optional<String> from = request.queryParam("from");
        if (mount.isPresent() && from.isPresent()) {
            Digest digest = Digest.parse(mount.get());
            RepositoryName source = new RepositoryName(from.get());
            return schedulers.io(() -> blobs.mount(name, source, digest)).flatMap(mounted -> mounted.isPresent()
                    ? created(name, digest) : started(name));
        }
        Optional<String> digestParam = request.queryParam("digest");
        if (digestParam.isPresent()) {
            Digest digest = Digest.parse(digestParam.get());
            long declared = declaredLength(request);
            return schedulers.upload(() -> {
                try (InputStream body = body(request)) {
                    return uploads.pushWhole(name, digest, declared, body);
                }
            }).flatMap(size -> created(name, digest));
        }
        return started(name);
    }

    Mono<ServerResponse> patch(ServerRequest request, RepositoryName name, String id) {
        @Nullable String contentRange = request.headers().firstHeader(HttpHeaders.CONTENT_RANGE);
        @Nullable ChunkRange range = contentRange == null ? null : ChunkRange.parse(contentRange);
        long declared = declaredLength(request);
        return schedulers.upload(() -> {
            try (InputStream body = body(request)) {
                return uploads.append(name, id, range, declared, body);
            }
        }).flatMap(status -> progress(ServerResponse.accepted(), status));
    }

    Mono<ServerResponse> put(ServerRequest request, RepositoryName name, String id) {
        String digestText = request.queryParam("digest").orElseThrow(() -> new RegistryException(
                ErrorCode.DIGEST_INVALID, "the digest query parameter is required to finish an upload"));
        Digest digest = Digest.parse(digestText);
        long declared = declaredLength(request);
        return schedulers.upload(() -> {
            try (InputStream body = body(request)) {
                return uploads.complete(name, id, digest, declared, body);
            }
        }).flatMap(size -> created(name, digest));
    }

    Mono<ServerResponse> status(RepositoryName name, String id) {
        return schedulers.io(() -> uploads.status(name, id))
                .flatMap(status -> progress(ServerResponse.noContent(), status));
    }

    Mono<ServerResponse> cancel(RepositoryName name, String id) {
        return schedulers.io(() -> {
            uploads.cancel(name, id);
            return id;
        }).flatMap(cancelled -> ServerResponse.noContent().build());
    }

    private Mono<ServerResponse> started(RepositoryName name) {
        return schedulers.io(() -> uploads.start(name))
                .flatMap(status -> progress(ServerResponse.accepted(), status));
    }

    private static Mono<ServerResponse> progress(ServerResponse.HeadersBuilder<?> response, UploadStatus status) {
        return response.header(HttpHeaders.LOCATION, location(status))
                .header(HttpHeaders.RANGE, status.range())
                .header(UPLOAD_UUID, status.id().toString())
                .header(HttpHeaders.CONTENT_LENGTH, "0")
                .build();
    }

    private static Mono<ServerResponse> created(RepositoryName name, Digest digest) {
        return ServerResponse.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/" + name + "/blobs/" + digest)
                .header(BlobHandler.DIGEST_HEADER, digest.toString())
                .header(HttpHeaders.CONTENT_LENGTH, "0")
                .build();
    }

    private static String location(UploadStatus status) {
        return "/v2/" + status.repository() + "/blobs/uploads/" + status.id();
    }

    private static long declaredLength(ServerRequest request) {
        OptionalLong length = request.headers().contentLength();
        return length.orElse(-1);
    }

    /**
     * The request body as a blocking stream that gives every byte that arrived before it reports a failure. A client
     * that goes away mid-body makes the body fail; passed on as is, that failure can overtake buffers already
     * received, which would then be lost to the upload. So the failure is held back until those are read, and thrown
     * in place of the end of the stream.
     *
     * <p>The stream's subscription to the body completes on the event loop, possibly after the upload code has
     * finished with it: a request with no body (a final {@code PUT} after {@code PATCH}es) or one refused before a
     * byte is read. Closing it then throws, which would replace the real answer with a 500, so the close of a stream
     * that was never subscribed is let go; the body is released by the server either way.
     */
    private static InputStream body(ServerRequest request) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Flux<DataBuffer> buffers = request.body(BodyExtractors.toDataBuffers()).onErrorResume(error -> {
            failure.set(error);
            return Flux.empty();
        });
        InputStream body = DataBufferUtils.subscriberInputStream(buffers, PREFETCH);
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                return failIfCut(super.read());
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return failIfCut(super.read(buffer, offset, length));
            }

            private int failIfCut(int read) throws IOException {
                Throwable cut = failure.get();
                if (read < 0 && cut != null) {
                    throw new IOException("the request body was cut short: " + cut, cut);
                }
                return read;
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } catch (IllegalStateException notYetSubscribed) {
                    // nothing was read, so nothing is held
                }
            }
        };
    }
}
