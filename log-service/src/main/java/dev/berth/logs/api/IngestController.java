package dev.berth.logs.api;

import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogWire;
import dev.berth.logs.config.LogProperties;
import dev.berth.logs.ingest.IngestResult;
import dev.berth.logs.ingest.Ingestor;
import dev.berth.logs.metrics.LogMetrics;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/v1/logs}: a batch in the wire format of {@code docs/ingest.md}, answered with the stream ends
 * committed: {@code {"acks":[{"container":…,"stream":…,"end":…}]}}.
 */
@RestController
final class IngestController {
    private final Ingestor ingestor;
    private final LogSchedulers schedulers;
    private final LogMetrics metrics;
    private final int maxRequest;

    IngestController(Ingestor ingestor, LogSchedulers schedulers, LogMetrics metrics, LogProperties properties) {
        this.ingestor = ingestor;
        this.schedulers = schedulers;
        this.metrics = metrics;
        this.maxRequest = (int) Math.min(Integer.MAX_VALUE - 16, properties.ingest().maxRequest().toBytes());
    }

    @PostMapping("/internal/v1/logs")
    Mono<ResponseEntity<String>> ingest(ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null || !LogWire.MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype())) {
            return refuse(new LogException(Problem.UNSUPPORTED_MEDIA_TYPE, "a batch is sent as Content-Type "
                    + LogWire.MEDIA_TYPE + ", not " + type));
        }
        long length = request.getHeaders().getContentLength();
        if (length > maxRequest) {
            return refuse(new LogException(Problem.TOO_LARGE, "the batch (" + length + " bytes) is larger than "
                    + maxRequest + " bytes (berth.logs.ingest.max-request); send smaller batches"));
        }
        long started = System.nanoTime();
        return DataBufferUtils.join(request.getBody(), maxRequest)
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> new LogException(Problem.TOO_LARGE, "the batch is larger than " + maxRequest
                                + " bytes (berth.logs.ingest.max-request); send smaller batches"))
                .map(IngestController::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> schedulers.ingest(() -> ingestor.ingest(body, body.length)))
                .map(result -> {
                    metrics.batch(Duration.ofNanos(System.nanoTime() - started));
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(acks(result));
                })
                .doOnError(LogException.class, e -> metrics.refused(e.problem().slug()));
    }

    private Mono<ResponseEntity<String>> refuse(LogException e) {
        metrics.refused(e.problem().slug());
        return Mono.error(e);
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

    /** Written by hand: the shipper client reads the fields in this order. */
    static String acks(IngestResult result) {
        StringBuilder json = new StringBuilder("{\"acks\":[");
        for (int i = 0; i < result.acks().size(); i++) {
            Ack ack = result.acks().get(i);
            json.append(i == 0 ? "" : ",").append("{\"container\":\"").append(ack.container())
                    .append("\",\"stream\":\"").append(ack.stream().wireName()).append("\",\"end\":")
                    .append(ack.end()).append('}');
        }
        return json.append("]}").toString();
    }
}
