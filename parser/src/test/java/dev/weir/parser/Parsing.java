package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Shortcuts shared by the parser tests. */
final class Parsing {

    static final String FILE = "test.sql";

    private Parsing() {
    }

    static List<Statement> parse(String sql) {
        return ScriptParser.parse(new Script(FILE, sql));
    }

    static <T extends Statement> T single(String sql, Class<T> kind) {
        List<Statement> statements = parse(sql);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0)).isInstanceOf(kind);
        return kind.cast(statements.get(0));
    }

    static SqlException error(String sql) {
        SqlException error = catchThrowableOfType(SqlException.class, () -> parse(sql));
        assertThat(error).as("expected an SqlException for: %s", sql).isNotNull();
        return error;
    }
}
