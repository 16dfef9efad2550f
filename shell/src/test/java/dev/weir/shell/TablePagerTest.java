package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TablePagerTest {

    @Test
    void pagesThroughRowsAndStopsAtBothEnds() {
        TablePager pager = new TablePager(10);
        assertThat(pager.status(25)).isEqualTo("page 1 of 3, 25 rows");
        assertThat(pager.from(25)).isZero();
        assertThat(pager.to(25)).isEqualTo(10);
        assertThat(pager.previous(25)).isFalse();
        assertThat(pager.next(25)).isTrue();
        assertThat(pager.next(25)).isTrue();
        assertThat(pager.status(25)).isEqualTo("page 3 of 3, 25 rows");
        assertThat(pager.from(25)).isEqualTo(20);
        assertThat(pager.to(25)).isEqualTo(25);
        assertThat(pager.next(25)).isFalse();
        assertThat(pager.previous(25)).isTrue();
        assertThat(pager.status(25)).isEqualTo("page 2 of 3, 25 rows");
    }

    @Test
    void staysInRangeWhenRowsGoAwayAndWhenTheTerminalResizes() {
        TablePager pager = new TablePager(10);
        pager.next(35);
        pager.next(35);
        pager.next(35);
        assertThat(pager.status(35)).isEqualTo("page 4 of 4, 35 rows");
        // retractions shrank the result: the last page that still exists is shown
        assertThat(pager.status(12)).isEqualTo("page 2 of 2, 12 rows");
        assertThat(pager.from(12)).isEqualTo(10);
        // a taller terminal: the first row shown stays on screen
        pager.resize(20);
        assertThat(pager.from(35)).isZero();
        assertThat(pager.status(35)).isEqualTo("page 1 of 2, 35 rows");
        assertThat(pager.status(0)).isEqualTo("page 1 of 1, 0 rows");
        assertThat(pager.status(1)).isEqualTo("page 1 of 1, 1 row");
        assertThatThrownBy(() -> pager.resize(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
