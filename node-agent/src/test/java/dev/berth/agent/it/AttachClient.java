package dev.berth.agent.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client of the attach WebSocket, as a gateway or the CLI would speak it: one stream byte, then the payload. */
public final class AttachClient implements WebSocket.Listener, AutoCloseable {
    private static final Pattern EXIT = Pattern.compile("\"exit\":\\{\"code\":(-?\\d+)");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private AttachClient(int port, String pathAndQuery) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), this).join();
    }

    public static AttachClient open(int port, String pathAndQuery) {
        return new AttachClient(port, pathAndQuery);
    }

    public void send(int stream, byte[] payload) {
        ByteBuffer message = ByteBuffer.allocate(1 + payload.length).put((byte) stream).put(payload).flip();
        socket.sendBinary(message, true).join();
    }

    public void stdin(String text) {
        send(0, text.getBytes(StandardCharsets.UTF_8));
    }

    public void endOfInput() {
        send(0, new byte[0]);
    }

    public void resize(int rows, int cols) {
        send(3, ("{\"resize\":{\"rows\":" + rows + ",\"cols\":" + cols + "}}").getBytes(StandardCharsets.UTF_8));
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Waits until stdout contains {@code text}. */
    public void awaitStdout(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected \"" + text + "\" on stdout; got: " + stdout() + " / stderr: "
                        + stderr() + " / closed: " + closed.getNow(null));
            }
            Thread.sleep(10);
        }
    }

    /** The code of the exit message, which comes last. */
    public int exitCode(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close status and reason the agent closed with. */
    public String closeStatus(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            switch (message[0]) {
                case 1 -> stdout.write(message, 1, message.length - 1);
                case 2 -> stderr.write(message, 1, message.length - 1);
                case 3 -> {
                    Matcher m = EXIT.matcher(new String(message, 1, message.length - 1, StandardCharsets.UTF_8));
                    if (m.find()) {
                        exit.complete(Integer.parseInt(m.group(1)));
                    }
                }
                default -> throw new AssertionError("unexpected stream " + message[0]);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        exit.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }
}
