package dev.weir.shell;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A whole (bounded) JDBC result as text, NULL as an empty cell: what the shell prints as a table. */
record ResultTable(List<String> columns, List<List<String>> rows) {
    ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    static ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                String v = rs.getString(i);
                row.add(v == null ? "" : v);
            }
            rows.add(row);
        }
        return new ResultTable(columns, rows);
    }
}
