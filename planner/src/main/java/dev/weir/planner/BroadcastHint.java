package dev.weir.planner;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * The join hint {@code SELECT /*+ BROADCAST(t) *}{@code /}: Flink's name for "send t whole to every subtask of
 * the join". Flink's streaming planner accepts the hint and ignores it; Weir runs such a join with t broadcast
 * (see {@code JoinSpec#broadcastInput}) where that gives the same rows, else ignores it too. Read from the parsed
 * query before validation and taken out of it, so Calcite never sees a hint it does not know; an alias given in
 * the same SELECT's FROM clause stands for its table.
 */
final class BroadcastHint {
    static final String NAME = "BROADCAST";

    private BroadcastHint() {
    }

    /** The tables named by the query's BROADCAST hints (removed from {@code parsed}); empty when it has none. */
    static Set<String> take(SqlNode parsed) {
        Set<String> tables = new LinkedHashSet<>();
        QueryHints.take(parsed, NAME, (select, hint) -> {
            Map<String, String> aliases = new HashMap<>();
            collectAliases(select.getFrom(), aliases);
            for (String name : hint.getOptionList()) {
                tables.add(aliases.getOrDefault(name, name));
            }
        });
        return Set.copyOf(tables);
    }

    /** {@code alias -> table} for every {@code table AS alias} of a FROM clause. */
    private static void collectAliases(SqlNode from, Map<String, String> aliases) {
        if (from instanceof SqlJoin join) {
            collectAliases(join.getLeft(), aliases);
            collectAliases(join.getRight(), aliases);
        } else if (from instanceof SqlBasicCall as && as.getKind() == SqlKind.AS
                && as.operand(0) instanceof SqlIdentifier table && as.operand(1) instanceof SqlIdentifier alias) {
            aliases.put(alias.getSimple(), table.names.get(table.names.size() - 1));
        }
    }
}
