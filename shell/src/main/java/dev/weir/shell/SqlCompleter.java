package dev.weir.shell;

import dev.weir.connectors.collect.CollectSinkFactory;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.runtime.ExecutionOptions;
import dev.weir.core.config.ConfigOption;
import dev.weir.planner.SqlSession;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.catalog.CatalogView;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion at the prompt: SQL keywords, the session's table, view and column names, and,
 * for a word that starts with a quote, option keys ({@code 'connector'}, the connectors' options,
 * the SET keys Weir knows) and connector names.
 */
final class SqlCompleter implements Completer {
    /** Keys Weir reads besides ExecutionOptions' (planner and shell settings). */
    private static final List<String> SHELL_AND_PLANNER_KEYS = List.of(
            StatementExecutor.RESULT_MODE, StatementExecutor.DML_SYNC, StatementExecutor.MAX_TABLE_ROWS,
            "table.exec.state.ttl", "table.local-time-zone", "table.exec.emit.allow-lateness",
            "table.exec.emit.late-fire.enabled", "table.exec.emit.late-fire.delay");
    /** Connectors that exist for the shell and server themselves, not for CREATE TABLE. */
    private static final Set<String> INTERNAL_CONNECTORS = Set.of(CollectSinkFactory.IDENTIFIER);

    /** The tables and views the user can name now, each with its columns. */
    interface Schema {
        Map<String, List<String>> tablesAndColumns();
    }

    private final Schema schema;
    /** Found on the first completion after a quote: the shell starts without loading every connector. */
    private Set<String> quoted;

    SqlCompleter(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema is null");
    }

    /** The schema of an in-process session: its catalog. */
    static Schema of(SqlSession session) {
        Objects.requireNonNull(session, "session is null");
        return () -> {
            Map<String, List<String>> all = new TreeMap<>();
            for (String name : session.catalog().names()) {
                List<String> columns = new ArrayList<>();
                Optional<CatalogTable> table = session.catalog().table(name);
                table.ifPresent(t -> t.columns().forEach(c -> columns.add(c.name())));
                Optional<CatalogView> view = session.catalog().view(name);
                view.ifPresent(v -> columns.addAll(v.rowType().names()));
                all.put(name, columns);
            }
            return all;
        };
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (word.startsWith("'")) {
            if (quoted == null) {
                quoted = quotedWords();
            }
            for (String q : quoted) {
                // a key with a '*' is a pattern (fields.*.kind): leave the cursor in it to fill in
                boolean complete = !q.contains("*");
                candidates.add(new Candidate(q, q, "option", null, null, null, complete));
            }
            return;
        }
        for (String keyword : SqlKeywords.ALL) {
            candidates.add(new Candidate(keyword, keyword, "keyword", null, null, null, true));
        }
        Set<String> columns = new TreeSet<>();
        for (Map.Entry<String, List<String>> table : schema.tablesAndColumns().entrySet()) {
            candidates.add(new Candidate(table.getKey(), table.getKey(), "table", null, null, null, true));
            columns.addAll(table.getValue());
        }
        for (String column : columns) {
            candidates.add(new Candidate(column, column, "column", null, null, null, true));
        }
    }

    private static Set<String> quotedWords() {
        Set<String> words = new TreeSet<>();
        words.add(quote("connector"));
        for (ConnectorFactory factory : Connectors.discover().values()) {
            if (INTERNAL_CONNECTORS.contains(factory.identifier())) {
                continue;
            }
            words.add(quote(factory.identifier()));
            factory.requiredOptions().forEach(o -> words.add(quote(o)));
            factory.optionalOptions().forEach(o -> words.add(quote(o)));
        }
        for (Field field : ExecutionOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    words.add(quote(((ConfigOption<?>) field.get(null)).key()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("public option " + field.getName() + " not readable", e);
                }
            }
        }
        SHELL_AND_PLANNER_KEYS.forEach(k -> words.add(quote(k)));
        return words;
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
