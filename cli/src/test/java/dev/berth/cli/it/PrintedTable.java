package dev.berth.cli.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as {@code ps}, {@code images} and {@code stats} print it, read back into cells. Cells such as
 * {@code Up 3 seconds} hold spaces, so columns are cut where the header's columns start: headers are separated by at
 * least two spaces, and every row is padded to the same columns.
 */
final class PrintedTable {

    private static final Pattern HEADER = Pattern.compile("\\S+(?: \\S+)*");

    private final String text;
    private final List<Map<String, String>> rows;

    private PrintedTable(String text, List<Map<String, String>> rows) {
        this.text = text;
        this.rows = rows;
    }

    static PrintedTable parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new AssertionError("expected a table, got nothing");
        }
        List<String> headers = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher header = HEADER.matcher(lines.getFirst());
        while (header.find()) {
            headers.add(header.group());
            starts.add(header.start());
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int column = 0; column < headers.size(); column++) {
                int from = Math.min(starts.get(column), line.length());
                int to = column + 1 < headers.size() ? Math.min(starts.get(column + 1), line.length()) : line.length();
                row.put(headers.get(column), line.substring(from, to).strip());
            }
            rows.add(row);
        }
        return new PrintedTable(text, List.copyOf(rows));
    }

    List<Map<String, String>> rows() {
        return rows;
    }

    List<String> column(String header) {
        return rows.stream().map(row -> row.get(header)).toList();
    }

    /** The one row whose {@code header} column is {@code value}. */
    Map<String, String> row(String header, String value) {
        List<Map<String, String>> matching = rows.stream().filter(row -> value.equals(row.get(header))).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one row with " + header + " " + value + ", found " + matching.size()
                    + " in\n" + text);
        }
        return matching.getFirst();
    }
}
