package dev.berth.logs.client;

import java.util.Locale;

/** A container's standard stream; {@link #code} is how it is stored and framed. */
public enum Stream {
    STDIN(0, 'i'), STDOUT(1, 'o'), STDERR(2, 'e');

    private final int code;
    private final char letter;

    Stream(int code, char letter) {
        this.code = code;
        this.letter = letter;
    }

    public int code() {
        return code;
    }

    /** One letter, as cursors write it. */
    public char letter() {
        return letter;
    }

    /** As the API writes it: {@code stdout}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stream ofCode(int code) {
        for (Stream stream : values()) {
            if (stream.code == code) {
                return stream;
            }
        }
        throw new IllegalArgumentException("no stream has code " + code);
    }

    public static Stream ofLetter(char letter) {
        for (Stream stream : values()) {
            if (stream.letter == letter) {
                return stream;
            }
        }
        throw new IllegalArgumentException("no stream is written '" + letter + "'");
    }

    /** Parses {@code stdout}, {@code stderr} or {@code stdin}. */
    public static Stream parse(String name) {
        for (Stream stream : values()) {
            if (stream.wireName().equals(name)) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown stream '" + name + "': use stdout, stderr or stdin");
    }
}
