package dev.weir.shell;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The SQL keywords the prompt completes and highlights: statement words and common query words. */
final class SqlKeywords {
    static final Set<String> ALL = new TreeSet<>(Set.of(
            "ADD", "ALL", "AND", "AS", "ASC", "AVG", "BEGIN", "BETWEEN", "BIGINT", "BOOLEAN", "BY", "BYTES", "CASE", "CAST",
            "CHAR", "COMMENT", "CONSTRAINT", "COUNT", "CREATE", "CUMULATE", "CURRENT_TIMESTAMP", "DATE", "DECIMAL",
            "DESC", "DESCRIBE", "DESCRIPTOR", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END", "ENFORCED", "EXECUTE", "EXISTS",
            "EXPLAIN", "FALSE", "FILTER", "FLOAT", "FOR", "FROM", "GROUP", "HAVING", "HELP", "HOP", "IF", "IN",
            "INSERT", "INT", "INTEGER", "INTERVAL", "INTO", "IS", "JOB", "JOBS", "KEY", "LIKE", "LOCAL", "MAX", "MIN",
            "NOT", "NULL", "ON", "OR", "PLAN", "PRIMARY", "QUIT", "RESET", "SAVEPOINT", "SECOND", "SELECT", "SET",
            "SHOW", "SMALLINT", "STATEMENT", "STOP", "STRING", "SUM", "TABLE", "TABLES", "TEMPORARY", "THEN", "TIME",
            "TIMESTAMP", "TIMESTAMP_LTZ", "TINYINT", "TRUE", "TUMBLE", "UNION", "VALUES", "VARCHAR", "VIEW",
            "WATERMARK", "WHEN", "WHERE", "WITH", "WITHOUT", "ZONE"));

    private SqlKeywords() {
    }

    static boolean isKeyword(String word) {
        return ALL.contains(word.toUpperCase(Locale.ROOT));
    }
}
