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
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/logs}: lines as NDJSON (the default), as plain text ({@code Accept: text/plain}), as frames that
 * keep the streams apart ({@code application/vnd.berth.multiplexed-stream}, the CLI's form), or, with
 * {@code follow=true}, live over SSE ({@code text/event-stream}, unless the client asks for one of the others). The
 * answer is written batch by batch as the client takes it: reading waits for the client, never the other way round.
 */
@RestController
final class QueryController {
    private static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    static final MediaType MULTIPLEXED = new MediaType("application", "vnd.berth.multiplexed-stream");
    /** The frame type that carries a cursor, after the other frame types' 0 stdin, 1 stdout and 2 stderr. */
    static final int CURSOR_FRAME = 3;
    private static final int LINES_PER_BATCH = 2048;
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
    Mono<Void> logs(ServerWebExchange exchange) {
        long started = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        LogQuery query = parser.parse(request.getQueryParams(), request.getHeaders().getFirst("Last-Event-ID"),
                System.currentTimeMillis() * 1_000_000L);
        MediaType type = answerType(request.getHeaders().getAccept(), query.follow());
        return schedulers.io(() -> queries.open(query)).flatMap(opened -> {
            // Frames need a cursor only to resume a follow: one after each batch.
            boolean withIds = !type.equals(TEXT) && !(type.equals(MULTIPLEXED) && !query.follow());
            LogReader reader = withIds ? opened : opened.withoutIds();
            ServerHttpResponse response = exchange.getResponse();
            response.getHeaders().setContentType(type);
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-cache");
            DataBufferFactory buffers = response.bufferFactory();
            Flux<DataBuffer> body = (query.follow() ? follow(reader) : read(reader))
                    .map(batch -> buffers.wrap(encode(batch, type, query.timestamps())))
                    .doFinally(signal -> metrics.queried(query.follow(),
                            Duration.ofNanos(System.nanoTime() - started)));
            if (!query.follow()) {
                return response.writeWith(body);
            }
            // A follow is flushed batch by batch, as lines come. Its headers go out at once, before any line, so that
            // the client knows the follow is on (SSE: a comment line, which clients ignore).
            byte[] opening = type.equals(MediaType.TEXT_EVENT_STREAM)
                    ? ": following\n\n".getBytes(StandardCharsets.US_ASCII) : new byte[0];
            return response.writeAndFlushWith(Flux.concat(Flux.just(buffers.wrap(opening)), body).map(Mono::just));
        });
    }

    /** Until the end: batches read on demand, so a slow client holds the reading back, not the memory. */
    private Flux<List<LogLine>> read(LogReader reader) {
        return Flux.<List<LogLine>>generate(sink -> {
            List<LogLine> batch = reader.next(LINES_PER_BATCH, BYTES_PER_BATCH);
            if (batch.isEmpty()) {
                sink.complete();
            } else {
                sink.next(batch);
            }
        }).subscribeOn(schedulers.io());
    }

    private Flux<List<LogLine>> follow(LogReader reader) {
        return FollowPublisher.batches(reader, schedulers.io(), poll)
                .doOnSubscribe(subscription -> metrics.followerOpened())
                .doFinally(signal -> metrics.followerClosed());
    }

    static byte[] encode(List<LogLine> lines, MediaType type, boolean timestamps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        if (type.equals(MULTIPLEXED)) {
            frames(lines, timestamps, out);
            return out.toByteArray();
        }
        for (LogLine line : lines) {
            if (type.equals(TEXT)) {
                LineFormat.text(line, timestamps, out);
            } else if (type.equals(NDJSON)) {
                LineFormat.json(line, out);
                out.write('\n');
            } else {
                // SSE: the JSON has no raw newline, so it is one data line.
                out.writeBytes(("id: " + line.id() + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
                LineFormat.json(line, out);
                out.writeBytes(new byte[] {'\n', '\n'});
            }
        }
        return out.toByteArray();
    }

    /**
     * Each line as its stream's frame, {@code [stream][0][0][0][size: uint32 big-endian][the line as text]}, the
     * framing of Docker's multiplexed streams and the node agent's; then, when the lines carry ids (a follow), a frame
     * of type {@link #CURSOR_FRAME} holding the cursor after the last of them, so that a client that lost the
     * connection can resume exactly after the batch it wrote out whole.
     */
    private static void frames(List<LogLine> lines, boolean timestamps, ByteArrayOutputStream out) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(256);
        for (LogLine line : lines) {
            text.reset();
            LineFormat.text(line, timestamps, text);
            frame(line.key().stream().code(), text.toByteArray(), out);
        }
        String cursor = lines.isEmpty() ? null : lines.getLast().id();
        if (cursor != null) {
            frame(CURSOR_FRAME, cursor.getBytes(StandardCharsets.US_ASCII), out);
        }
    }

    private static void frame(int type, byte[] payload, ByteArrayOutputStream out) {
        int size = payload.length;
        out.writeBytes(new byte[] {(byte) type, 0, 0, 0, (byte) (size >>> 24), (byte) (size >>> 16),
                (byte) (size >>> 8), (byte) size});
        out.writeBytes(payload);
    }

    /** SSE for a follow unless the client asks for text or NDJSON; NDJSON for the rest unless it asks for text. */
    static MediaType answerType(List<MediaType> accept, boolean follow) {
        for (MediaType type : accept) {
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                continue;
            }
            if (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
                return MediaType.TEXT_EVENT_STREAM;
            }
            if (type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
                return TEXT;
            }
            if (type.isCompatibleWith(NDJSON)) {
                return NDJSON;
            }
            if (type.isCompatibleWith(MULTIPLEXED)) {
                return MULTIPLEXED;
            }
        }
        return follow ? MediaType.TEXT_EVENT_STREAM : NDJSON;
    }
}
