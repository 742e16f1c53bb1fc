package dev.berth.agent.api;

import dev.berth.agent.image.ImageArchive;
import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.LoadedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code GET /v1/images/save} and {@code POST /v1/images/load}: images as OCI image layout tars. */
@RestController
@RequestMapping("/v1/images")
class ImageArchiveController {
    static final MediaType TAR = MediaType.parseMediaType("application/x-tar");
    // The default of 1 KiB would make a buffer, and a write, per kilobyte of layer.
    private static final int CHUNK = 64 * 1024;

    private final ImageStore images;
    private final Scheduler io;

    ImageArchiveController(ImageStore images, AgentSchedulers schedulers) {
        this.images = images;
        this.io = schedulers.io();
    }

    record Loaded(String id, List<String> tags) {}

    /**
     * Every name is resolved, and every blob opened, before the status line goes out: a missing image is a 404, not a
     * cut stream. The tar is then written as the client reads it, with backpressure.
     */
    @GetMapping("/save")
    Mono<ResponseEntity<Flux<DataBuffer>>> save(@RequestParam List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names: give at least one image");
        }
        return Mono.fromCallable(() -> images.export(names)).subscribeOn(io)
                .map(archive -> ResponseEntity.ok().contentType(TAR).body(write(archive)));
    }

    private Flux<DataBuffer> write(ImageArchive archive) {
        return Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
            try (archive) {
                archive.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DefaultDataBufferFactory.sharedInstance, task -> io.schedule(task), CHUNK));
    }

    @PostMapping("/load")
    Mono<List<Loaded>> load(ServerHttpRequest request) {
        return Mono.fromCallable(() -> {
            try (InputStream body = DataBufferUtils.subscriberInputStream(request.getBody(), 8)) {
                return images.load(body).stream().map(ImageArchiveController::view).toList();
            }
        }).subscribeOn(io);
    }

    private static Loaded view(LoadedImage image) {
        return new Loaded(image.id().toString(), image.tags().stream().map(ImageRef::toString).toList());
    }
}
