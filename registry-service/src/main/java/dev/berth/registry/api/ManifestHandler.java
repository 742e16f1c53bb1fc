package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.LimitExceededException;
import dev.berth.registry.Limits;
import dev.berth.registry.manifest.Manifests;
import dev.berth.registry.manifest.StoredManifest;
import dev.berth.registry.oci.Reference;
import dev.berth.registry.oci.RepositoryName;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /v2/<name>/manifests/<reference>}: HEAD, GET, PUT, DELETE. */
final class ManifestHandler {
    private final Manifests manifests;
    private final Limits limits;
    private final RegistrySchedulers schedulers;

    ManifestHandler(Manifests manifests, Limits limits, RegistrySchedulers schedulers) {
        this.manifests = manifests;
        this.limits = limits;
        this.schedulers = schedulers;
    }

    /** GET and HEAD alike: WebFlux drops the body of a HEAD answer and keeps its Content-Length. */
    Mono<ServerResponse> get(RepositoryName name, String referenceText) {
        Reference reference = Reference.parse(referenceText);
        return schedulers.io(() -> manifests.get(name, reference)).flatMap(ManifestHandler::serve);
    }

    Mono<ServerResponse> put(ServerRequest request, RepositoryName name, String referenceText) {
        Reference reference = Reference.parse(referenceText);
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > limits.maxManifestBytes()) {
            return Mono.error(tooLarge(declared + " bytes"));
        }
        String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
        int cap = (int) Math.min(limits.maxManifestBytes(), Integer.MAX_VALUE - 8);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), cap)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge("more than " + cap + " bytes"))
                .map(ManifestHandler::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(content -> schedulers.io(() -> manifests.put(name, reference, content, contentType)))
                .flatMap(pushed -> {
                    ServerResponse.BodyBuilder response = ServerResponse.status(HttpStatus.CREATED)
                            .header(HttpHeaders.LOCATION, "/v2/" + name + "/manifests/" + pushed.digest())
                            .header(BlobHandler.DIGEST_HEADER, pushed.digest().toString())
                            .header(HttpHeaders.CONTENT_LENGTH, "0");
                    if (pushed.subject() != null) {
                        // Tells the client that this registry keeps the referrers index itself.
                        response.header("OCI-Subject", pushed.subject().toString());
                    }
                    return response.build();
                });
    }

    Mono<ServerResponse> delete(RepositoryName name, String referenceText) {
        Reference reference = Reference.parse(referenceText);
        return schedulers.io(() -> {
            manifests.delete(name, reference);
            return reference;
        }).flatMap(deleted -> ServerResponse.accepted().build());
    }

    private static Mono<ServerResponse> serve(StoredManifest manifest) {
        return ServerResponse.ok()
                .contentType(MediaType.parseMediaType(manifest.mediaType()))
                .contentLength(manifest.content().length)
                .header(BlobHandler.DIGEST_HEADER, manifest.digest().toString())
                .bodyValue(manifest.content());
    }

    private LimitExceededException tooLarge(String size) {
        return new LimitExceededException(ErrorCode.MANIFEST_INVALID, "the manifest (" + size + ")",
                limits.maxManifestBytes(), Limits.MANIFEST_SETTING);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
