package dev.berth.agent.launch;

/** A terminal's size in character cells, as {@code TIOCSWINSZ} takes it. */
public record WindowSize(int rows, int columns) {
    /** What a terminal is until someone says otherwise: the VT100's. */
    public static final WindowSize DEFAULT = new WindowSize(24, 80);

    public WindowSize {
        if (rows < 1 || rows > 0xffff || columns < 1 || columns > 0xffff) {
            throw new IllegalArgumentException("a terminal size must be 1 to 65535 rows and columns, got " + rows + "x"
                    + columns);
        }
    }
}
