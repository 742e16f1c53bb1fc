package dev.berth.logs.api;

import dev.berth.logs.config.LogProperties;
import dev.berth.logs.metrics.LogMetrics;
import dev.berth.logs.query.LineFormat;
import dev.berth.logs.query.LogLine;
import dev.berth.logs.query.LogQueries;
import dev.berth.logs.query.LogQuery;
import dev.berth.logs.query.LogReader;
import dev.berth.logs.query.QueryParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/logs}: lines as NDJSON (the default), as plain text ({@code Accept: text/plain}), or, with
 * {@code follow=true}, live over SSE ({@code text/event-stream}, unless the client asks for one of the others).
 */
@RestController
final class QueryController {
    private static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
    private static final int LINES_PER_BATCH = 4096;
    private static final long BYTES_PER_BATCH = 256 * 1024;

    private final QueryParser parser;
    private final LogQueries queries;
    private final LogSchedulers schedulers;
    private final LogMetrics metrics;
    private final Duration poll;

    QueryController(QueryParser parser, LogQueries queries, LogSchedulers schedulers, LogMetrics metrics,
                    LogProperties properties) {
        this.parser = parser;
        this.queries = queries;
        this.schedulers = schedulers;
        this.metrics = metrics;
        this.poll = properties.query().followPoll();
    }

    @GetMapping("/api/v1/logs")
    Mono<ResponseEntity<?>> logs(ServerHttpRequest request) {
        long started = System.nanoTime();
        LogQuery query = parser.parse(request.getQueryParams(), request.getHeaders().getFirst("Last-Event-ID"),
                System.currentTimeMillis() * 1_000_000L);
        MediaType type = answerType(request.getHeaders().getAccept(), query.follow());
        return schedulers.io(() -> queries.open(query)).map(reader -> {
            Flux<LogLine> lines = query.follow() ? follow(reader) : read(reader);
            lines = lines.doFinally(signal -> metrics.queried(query.follow(),
                    Duration.ofNanos(System.nanoTime() - started)));
            if (type.equals(MediaType.TEXT_EVENT_STREAM)) {
                Flux<ServerSentEvent<String>> events = lines.map(line -> {
                    ByteArrayOutputStream json = new ByteArrayOutputStream(line.bytes().length + 128);
                    LineFormat.json(line, json);
                    return ServerSentEvent.builder(json.toString(StandardCharsets.UTF_8)).id(line.id()).build();
                });
                return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache").body(events);
            }
            boolean text = type.equals(MediaType.TEXT_PLAIN);
            Flux<DataBuffer> body = lines.buffer(query.follow() ? 1 : 256).map(batch -> DefaultDataBufferFactory
                    .sharedInstance.wrap(encode(batch, text, query.timestamps())));
            return ResponseEntity.ok().contentType(text ? new MediaType("text", "plain", StandardCharsets.UTF_8)
                    : NDJSON).body(body);
        });
    }

    /** Until the end: batches read on demand, so a slow client holds the reading back, not the memory. */
    private Flux<LogLine> read(LogReader reader) {
        return Flux.<List<LogLine>>generate(sink -> {
            List<LogLine> batch = reader.next(LINES_PER_BATCH, BYTES_PER_BATCH);
            if (batch.isEmpty()) {
                sink.complete();
            } else {
                sink.next(batch);
            }
        }).subscribeOn(schedulers.io()).concatMapIterable(batch -> batch, 1);
    }

    private Flux<LogLine> follow(LogReader reader) {
        return FollowPublisher.lines(reader, schedulers.io(), poll)
                .doOnSubscribe(subscription -> metrics.followerOpened())
                .doFinally(signal -> metrics.followerClosed());
    }

    private static byte[] encode(List<LogLine> lines, boolean text, boolean timestamps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        for (LogLine line : lines) {
            if (text) {
                LineFormat.text(line, timestamps, out);
            } else {
                LineFormat.json(line, out);
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** SSE for a follow unless the client asks for text or NDJSON; NDJSON for the rest unless it asks for text. */
    static MediaType answerType(List<MediaType> accept, boolean follow) {
        for (MediaType type : accept) {
            if (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType()
                    && !type.isWildcardSubtype()) {
                return MediaType.TEXT_EVENT_STREAM;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("plain")) {
                return MediaType.TEXT_PLAIN;
            }
            if (type.isCompatibleWith(NDJSON) && !type.isWildcardType() && !type.isWildcardSubtype()) {
                return NDJSON;
            }
        }
        return follow ? MediaType.TEXT_EVENT_STREAM : NDJSON;
    }
}
