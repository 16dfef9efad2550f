package dev.weir.planner;

import dev.weir.planner.calcite.SqlCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/** Takes Weir's own query hints out of a parsed query, before Calcite validates it and would refuse them. */
final class QueryHints {
    private QueryHints() {
    }

    /**
     * Hands each hint named {@code name} (in any case) to {@code taken}, with the SELECT it is on, in
     * query order, and removes it from that SELECT; other hints stay.
     */
    static void take(SqlNode parsed, String name, BiConsumer<SqlSelect, SqlHint> taken) {
        SqlCalls.forEach(parsed, call -> {
            if (call instanceof SqlSelect select && select.getHints() != null && select.getHints().size() > 0) {
                List<SqlNode> kept = new ArrayList<>();
                for (SqlNode node : select.getHints()) {
                    if (node instanceof SqlHint hint && hint.getName().toUpperCase(Locale.ROOT).equals(name)) {
                        taken.accept(select, hint);
                    } else {
                        kept.add(node);
                    }
                }
                select.setHints(new SqlNodeList(kept, select.getHints().getParserPosition()));
            }
        });
    }
}
