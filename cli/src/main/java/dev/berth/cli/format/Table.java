package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * A table laid out like Docker's, which uses Go's tabwriter with a minimum cell width of 10 and a padding of 3:
 * every column but the last is as wide as its widest cell plus three spaces, and never narrower than ten.
 */
public final class Table {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        rows.add(List.of(headers));
    }

    public Table row(String... cells) {
        if (cells.length != rows.getFirst().size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + rows.getFirst().size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The header line and the rows, each ending in a newline. */
    public String render() {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int column = 0; column < columns - 1; column++) {
                widths[column] = Math.max(widths[column], Math.max(MIN_WIDTH, length(row.get(column)) + PADDING));
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            for (int column = 0; column < columns - 1; column++) {
                String cell = row.get(column);
                text.append(cell).append(" ".repeat(widths[column] - length(cell)));
            }
            text.append(row.getLast()).append('\n');
        }
        return text.toString();
    }

    /** Characters, not UTF-16 units: tabwriter counts runes, and the ellipsis of a cut cell is one. */
    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
