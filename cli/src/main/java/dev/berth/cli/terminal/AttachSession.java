package dev.berth.cli.terminal;

import dev.berth.cli.CliException;
import dev.berth.cli.Console;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.signal.SignalTrap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One client of the agent's attach WebSocket: output to the console as it arrives, the console's stdin to the process
 * (watching for the detach keys), the terminal's size at every SIGWINCH, and the exit code from the agent's last
 * message. Each message is {@code [stream byte][payload]}: 0 stdin, 1 stdout, 2 stderr, 3 control (JSON).
 */
public final class AttachSession implements WebSocket.Listener {
    private static final Pattern EXIT = Pattern.compile("\"exit\"\\s*:\\s*\\{\\s*\"code\"\\s*:\\s*(-?\\d+)");
    private static final int DETACHED = Integer.MIN_VALUE;

    /**
     * @param sendStdin whether the console's stdin goes to the process
     * @param tty whether the process has a terminal: the local one goes raw and its size is passed on
     * @param detachKeys what detaches, or null when nothing does (stdin not sent)
     */
    public record Options(boolean sendStdin, boolean tty, @Nullable DetachKeys detachKeys) {}

    private final Console console;
    private final Options options;
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Object sending = new Object();
    private @Nullable WebSocket socket;

    private AttachSession(Console console, Options options) {
        this.console = console;
        this.options = options;
    }

    /** Connects; the agent follows the output from then on. */
    public static AttachSession connect(AgentClient client, ApiPath path, Console console, Options options) {
        AttachSession session = new AttachSession(console, options);
        session.socket = client.webSocket(path, session);
        return session;
    }

    /**
     * Runs the session to its end: the process's exit code, or 0 when the user detached. The local terminal is raw
     * meanwhile (with a terminal and a local one) and restored however this ends.
     */
    public int run(SignalTrap signals) {
        boolean raw = options.tty() && options.sendStdin() && TerminalMode.stdinIsTerminal();
        try (TerminalMode mode = raw ? TerminalMode.raw() : null;
             SignalTrap.Handle winch = options.tty() ? signals.trap(List.of("WINCH"), signal -> sendSize())
                     : () -> { }) {
            if (options.tty()) {
                sendSize();
            }
            if (options.sendStdin()) {
                Thread.ofPlatform().name("berth-stdin").daemon().start(this::pumpStdin);
            }
            int code = await();
            return code == DETACHED ? 0 : code;
        } finally {
            close();
        }
    }

    /** Closes with 1000, which tells the agent (through any proxy) that the session is over, then drops the line. */
    private void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            if (!ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(500, TimeUnit.MILLISECONDS).join();
            }
        } catch (RuntimeException e) {
            // Already closed, or the agent is gone: nothing more to tell it.
        } finally {
            ws.abort();
        }
    }

    private int await() {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CliException cli ? cli : new CliException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while attached");
        }
    }

    private void pumpStdin() {
        InputStream in = console.in();
        byte[] buffer = new byte[8192];
        DetachKeys keys = options.detachKeys();
        try {
            int n;
            while (!result.isDone() && (n = in.read(buffer)) >= 0) {
                byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                boolean detach = false;
                if (keys != null) {
                    DetachKeys.Scan scan = keys.scan(buffer, n);
                    chunk = scan.forward();
                    detach = scan.detach();
                }
                if (chunk.length > 0) {
                    send(0, chunk);
                }
                if (detach) {
                    result.complete(DETACHED);
                    return;
                }
            }
            if (!result.isDone()) {
                send(0, new byte[0]); // end of input: the agent closes the process's stdin
            }
        } catch (IOException | RuntimeException e) {
            // The session ended under us, or stdin failed: the exit (or the failure) comes from the agent's side.
        }
    }

    private void sendSize() {
        int[] size = TerminalMode.size();
        if (size != null) {
            send(3, ("{\"resize\":{\"rows\":" + size[0] + ",\"cols\":" + size[1] + "}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One message at a time: the JDK's WebSocket refuses a send while the previous one is in flight. */
    private void send(int stream, byte[] payload) {
        WebSocket ws = socket;
        if (ws == null || result.isDone()) {
            return;
        }
        ByteBuffer message = ByteBuffer.allocate(1 + payload.length).put((byte) stream).put(payload).flip();
        synchronized (sending) {
            ws.sendBinary(message, true).join();
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            try {
                deliver(message);
            } catch (IOException e) {
                result.completeExceptionally(new CliException("cannot write the container's output: "
                        + e.getMessage(), e));
            }
        }
        webSocket.request(1);
        return null;
    }

    private void deliver(byte[] message) throws IOException {
        if (message.length == 0) {
            return;
        }
        switch (message[0]) {
            case 1 -> {
                console.stdout().write(message, 1, message.length - 1);
                console.stdout().flush();
            }
            case 2 -> {
                console.stderr().write(message, 1, message.length - 1);
                console.stderr().flush();
            }
            case 3 -> {
                Matcher exit = EXIT.matcher(new String(message, 1, message.length - 1, StandardCharsets.UTF_8));
                if (exit.find()) {
                    result.complete(Integer.parseInt(exit.group(1)));
                }
            }
            default -> {
                // A stream this client does not know: skipped, so a newer agent can add one.
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (statusCode >= 4000) {
            result.completeExceptionally(new CliException(reason.isEmpty() ? "the node agent refused to attach ("
                    + (statusCode - 4000) + ")" : reason));
        } else {
            result.completeExceptionally(new CliException("the node agent ended the attach without an exit status"));
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        result.completeExceptionally(new CliException("lost the attach connection to the node agent: "
                + error.getMessage(), error));
    }
}
