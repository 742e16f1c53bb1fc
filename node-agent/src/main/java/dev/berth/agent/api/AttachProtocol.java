package dev.berth.agent.api;

import dev.berth.agent.launch.WindowSize;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of the attach WebSocket (docs/api.md): each binary message is one stream byte and a payload.
 * <pre>
 *  0 stdin    client → agent   bytes for the process's stdin; an empty payload is end of input
 *  1 stdout   agent → client   (with a terminal, everything the terminal shows)
 *  2 stderr   agent → client
 *  3 control  both             one UTF-8 JSON object: {"resize":{"rows":R,"cols":C}} from the client,
 *                              {"exit":{"code":N,"oomKilled":B}} from the agent, last
 * </pre>
 * After the exit message the client closes; the agent closes only if it has not within two seconds.
 */
final class AttachProtocol {
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int CONTROL = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AttachProtocol() {}

    /** What a client's message asks for. */
    sealed interface Inbound {
        record Input(byte[] data) implements Inbound {}

        record EndOfInput() implements Inbound {}

        record Resize(WindowSize size) implements Inbound {}

        /** A message the agent does not understand: it is ignored, and the reason logged. */
        record Ignored(String reason) implements Inbound {}
    }

    static Inbound decode(byte[] message) {
        if (message.length == 0) {
            return new Inbound.Ignored("an empty message has no stream byte");
        }
        byte[] payload = Arrays.copyOfRange(message, 1, message.length);
        return switch (message[0]) {
            case STDIN -> payload.length == 0 ? new Inbound.EndOfInput() : new Inbound.Input(payload);
            case CONTROL -> control(payload);
            default -> new Inbound.Ignored("stream " + message[0] + " is not one a client sends");
        };
    }

    private static Inbound control(byte[] payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JacksonException e) {
            return new Inbound.Ignored("a control message is not JSON: " + e.getOriginalMessage());
        }
        JsonNode resize = node == null ? null : node.get("resize");
        if (resize == null || !resize.isObject()) {
            return new Inbound.Ignored("unknown control message " + new String(payload, StandardCharsets.UTF_8));
        }
        JsonNode rows = resize.get("rows");
        JsonNode cols = resize.get("cols");
        if (rows == null || cols == null || !rows.isIntegralNumber() || !cols.isIntegralNumber()) {
            return new Inbound.Ignored("resize needs integer rows and cols");
        }
        try {
            return new Inbound.Resize(new WindowSize(rows.asInt(), cols.asInt()));
        } catch (IllegalArgumentException e) {
            return new Inbound.Ignored(e.getMessage());
        }
    }

    /** One message of output: the stream byte, then the bytes. */
    static byte[] output(int stream, byte[] data, int length) {
        byte[] message = new byte[1 + length];
        message[0] = (byte) stream;
        System.arraycopy(data, 0, message, 1, length);
        return message;
    }

    /** The last message of every attach. */
    static byte[] exit(int code, boolean oomKilled) {
        return control("{\"exit\":{\"code\":" + code + ",\"oomKilled\":" + oomKilled + "}}");
    }

    static byte[] control(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return output(CONTROL, text, text.length);
    }
}
