package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Docker's tabwriter settings: minimum width 10, padding 3, the last column unpadded. */
class TableTest {

    @Test
    void columnsAreTheWidestCellPlusThreeAndAtLeastTen() {
        String table = new Table("ID", "LONGER HEADER", "NAME")
                .row("abc", "x", "first")
                .row("a-rather-long-cell", "", "second")
                .render();

        assertThat(table).isEqualTo(
                "ID                   LONGER HEADER   NAME\n"
                        + "abc                  x               first\n"
                        + "a-rather-long-cell                   second\n");
    }

    @Test
    void narrowColumnsArePaddedToTen() {
        assertThat(new Table("A", "B").row("1", "2").render()).isEqualTo("A         B\n1         2\n");
    }

    @Test
    void widthCountsCharactersSoAnEllipsisIsOne() {
        String table = new Table("COMMAND", "X").row("\"abc…\"", "1").row("\"abcdefghi\"", "2").render();

        // The widest cell is 11 characters, so the column is 14: the 6-character cell gets 8 spaces, not 7.
        assertThat(table.lines()).containsExactly("COMMAND       X", "\"abc…\"        1", "\"abcdefghi\"   2");
    }

    @Test
    void rowsMustMatchTheHeader() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
