package dev.berth.cli.terminal;

import dev.berth.cli.args.UsageException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The key sequence that detaches a client from a container without stopping it, in Docker's syntax:
 * comma-separated keys, each a single character or {@code ctrl-X} where X is a letter or one of {@code @ [ \ ] ^ _}.
 * The default is {@code ctrl-p,ctrl-q}.
 *
 * <p>{@link #scan} watches the bytes typed: the bytes of a partial match are held back until the sequence is complete
 * (then they are swallowed and the client detaches) or broken (then they go on, in order).
 */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private final byte[] sequence;
    private int matched;

    private DetachKeys(byte[] sequence) {
        this.sequence = sequence;
    }

    public static DetachKeys parse(String text) {
        if (text.isEmpty()) {
            throw new UsageException("invalid detach keys: the sequence is empty");
        }
        String[] keys = text.split(",", -1);
        byte[] sequence = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            sequence[i] = key(keys[i]);
        }
        return new DetachKeys(sequence);
    }

    private static byte key(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ctrl-") && key.length() == 6) {
            char c = lower.charAt(5);
            if (c >= 'a' && c <= 'z') {
                return (byte) (c - 'a' + 1);
            }
            int index = "@[\\]^_".indexOf(c);
            if (index >= 0) {
                return (byte) (index == 0 ? 0 : 27 + index - 1);
            }
        } else if (key.length() == 1 && key.charAt(0) < 128) {
            return (byte) key.charAt(0);
        }
        throw new UsageException("invalid detach keys: '" + key + "' is not a character or ctrl-<letter or @[\\]^_>");
    }

    /** What a chunk of input gives: the bytes to send on, and whether the sequence was completed. */
    public record Scan(byte[] forward, boolean detach) {}

    public Scan scan(byte[] input, int length) {
        ByteArrayOutputStream forward = new ByteArrayOutputStream(length + sequence.length);
        for (int i = 0; i < length; i++) {
            byte b = input[i];
            if (b == sequence[matched]) {
                matched++;
                if (matched == sequence.length) {
                    matched = 0;
                    return new Scan(forward.toByteArray(), true);
                }
                continue;
            }
            if (matched > 0) {
                // The held-back prefix was not the sequence after all.
                forward.write(sequence, 0, matched);
                matched = 0;
                if (b == sequence[0]) {
                    matched = 1;
                    continue;
                }
            }
            forward.write(b);
        }
        return new Scan(forward.toByteArray(), false);
    }

    byte[] sequence() {
        return Arrays.copyOf(sequence, sequence.length);
    }
}
