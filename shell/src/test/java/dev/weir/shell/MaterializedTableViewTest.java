package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

class MaterializedTableViewTest {
    private static final RowType TYPE = new RowType(List.of(
            new RowType.Field("k", DataType.string()), new RowType.Field("c", DataType.bigint())));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private MaterializedTableView view(int maxRows) throws Exception {
        Terminal dumb = new DumbTerminal("t", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        return new MaterializedTableView(new ResultFormat(TYPE, Configuration.empty()), out, dumb, maxRows);
    }

    @Test
    void appliesUpdatesAndRetractions() throws Exception {
        MaterializedTableView view = view(100);
        view.begin();
        view.accept(Row.ofKind(RowKind.INSERT, "a", 1L));
        view.accept(Row.ofKind(RowKind.INSERT, "b", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_AFTER, "a", 2L));
        view.accept(Row.ofKind(RowKind.DELETE, "b", 1L));
        view.accept(Row.ofKind(RowKind.INSERT, "n", null));
        assertThat(view.snapshot()).containsExactly(List.of("a", "2"), List.of("n", "<NULL>"));
        view.accept(Row.ofKind(RowKind.INSERT, "z", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_BEFORE, "a", 2L));
        view.accept(Row.ofKind(RowKind.UPDATE_AFTER, "a", 3L));
        // the updated row keeps its place
        assertThat(view.snapshot()).containsExactly(List.of("a", "3"), List.of("n", "<NULL>"), List.of("z", "1"));
        view.end(false);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| a | 3      |", "3 rows in set",
                "Query finished after 9 changes.");
    }

    @Test
    void aFullViewEvictsTheOldestRowsAndSaysSo() throws Exception {
        MaterializedTableView view = view(2);
        for (long i = 1; i <= 5; i++) {
            view.accept(Row.ofKind(RowKind.INSERT, "k" + i, i));
        }
        assertThat(view.snapshot()).containsExactly(List.of("k4", "4"), List.of("k5", "5"));
        view.end(true);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Query cancelled after 5 changes; the view "
                + "holds the latest 2 rows, 3 older rows were evicted");
    }
}
