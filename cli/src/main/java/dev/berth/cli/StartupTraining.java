package dev.berth.cli;

import dev.berth.cli.signal.SignalTrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the common verbs once against a canned local agent, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} archives the classes real runs need: the parser, Jackson, the HTTP client, the
 * tables and the stream demuxer. {@code bin/berth} runs it when its class-data archive is missing; without it the
 * archive would hold only what the first command happened to load, say {@code --help}.
 */
public final class StartupTraining {

    private static final String ID = "0123456789abcdef".repeat(4);
    private static final String CREATED = "2026-01-01T00:00:00Z";

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        train(new Console(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream()));
    }

    /** Runs each command line and returns its exit code, in order. */
    static Map<List<String>, Integer> train(Console console) throws IOException {
        Berth berth = new Berth(console, Map.of(), SignalTrap.none(), Clock.systemUTC());
        Map<List<String>, Integer> exitCodes = new LinkedHashMap<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread agent = Thread.ofPlatform().daemon().start(() -> serve(server));
            String host = "http://127.0.0.1:" + server.getLocalPort();
            for (List<String> line : List.of(
                    List.of("--help"),
                    List.of("run", "--help"),
                    List.of("-H", host, "ps", "-a"),
                    List.of("-H", host, "images"),
                    List.of("-H", host, "run", "--rm", "-e", "A=1", "busybox", "true"),
                    List.of("-H", host, "run", "-d", "busybox", "true"),
                    List.of("-H", host, "inspect", ID),
                    List.of("-H", host, "stop", ID),
                    List.of("-H", host, "logs", ID),
                    List.of("-H", host, "stats", "--no-stream", ID),
                    List.of("-H", host, "rmi", "busybox"),
                    List.of("-H", host, "version"))) {
                exitCodes.put(line, berth.run(line.toArray(String[]::new)));
            }
            agent.interrupt();
        }
        // An unreachable agent is a common first experience; its error path is worth archiving too.
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        List<String> unreachable = List.of("-H", "http://127.0.0.1:" + closedPort, "ps");
        exitCodes.put(unreachable, berth.run(unreachable.toArray(String[]::new)));
        return exitCodes;
    }

    private static void serve(ServerSocket server) {
        while (!Thread.currentThread().isInterrupted()) {
            try (Socket socket = server.accept()) {
                answer(socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        String requestLine = head.lines().findFirst().orElse("");
        in.readNBytes(contentLength(head));
        String method = requestLine.split(" ")[0];
        String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
        byte[] body = bodyFor(method, path);
        String status = body.length == 0 ? "204 No Content" : "200 OK";
        String type = path.contains("/logs") ? "application/vnd.berth.multiplexed-stream" : "application/json";
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static byte[] bodyFor(String method, String path) {
        String json;
        if (path.contains("/logs")) {
            byte[] line = "hello\n".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[8 + line.length];
            frame[0] = 1;
            frame[7] = (byte) line.length;
            System.arraycopy(line, 0, frame, 8, line.length);
            return frame;
        } else if (path.startsWith("/v1/info")) {
            json = "{\"version\":\"0\",\"kernel\":\"6\",\"containers\":1,\"running\":1,\"images\":1,\"cpus\":2,"
                    + "\"memory\":1073741824}";
        } else if (path.startsWith("/v1/images?") || path.equals("/v1/images")) {
            json = "[{\"id\":\"sha256:" + ID + "\",\"tags\":[\"busybox:latest\"],\"created\":\"" + CREATED
                    + "\",\"size\":2097152,\"layers\":1}]";
        } else if (path.startsWith("/v1/images/") && method.equals("DELETE")) {
            json = "[{\"untagged\":\"busybox:latest\"},{\"deleted\":\"sha256:" + ID + "\"}]";
        } else if (path.startsWith("/v1/containers?") || path.equals("/v1/containers")) {
            json = method.equals("POST")
                    ? "{\"id\":\"" + ID + "\",\"name\":\"training\",\"warnings\":[]}"
                    : "[{\"id\":\"" + ID + "\",\"name\":\"training\",\"image\":\"busybox\",\"command\":\"true\","
                            + "\"created\":\"" + CREATED + "\",\"state\":\"exited\",\"status\":\"Exited (0)\"}]";
        } else if (path.contains("/wait")) {
            json = "{\"exitCode\":0,\"oomKilled\":false,\"error\":null}";
        } else if (path.contains("/stats")) {
            json = "{\"id\":\"" + ID + "\",\"name\":\"training\",\"cpuPercent\":1.5,\"memoryUsage\":1048576,"
                    + "\"memoryLimit\":67108864,\"pids\":1,\"pidsLimit\":-1}";
        } else if (method.equals("GET")) {
            json = "{\"id\":\"" + ID + "\",\"name\":\"training\",\"args\":[],\"state\":{\"running\":false}}";
        } else {
            return new byte[0];
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        return head.lines()
                .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .map(line -> Integer.parseInt(line.substring(15).strip()))
                .findFirst()
                .orElse(0);
    }
}
