package dev.weir.planner.catalog;

import dev.weir.core.type.RowType;
import dev.weir.planner.calcite.SqlFrontend;
import dev.weir.planner.calcite.ViewDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The session's tables and views, one namespace as in Flink's default database. Not thread-safe:
 * a session executes one statement at a time.
 */
public final class Catalog {
    private final Map<String, CatalogTable> tables = new TreeMap<>();
    private final Map<String, CatalogView> views = new TreeMap<>();

    public Optional<CatalogTable> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Optional<CatalogView> view(String name) {
        return Optional.ofNullable(views.get(name));
    }

    public boolean contains(String name) {
        return tables.containsKey(name) || views.containsKey(name);
    }

    /** Adds a validated table; the caller has checked the name is free. */
    public void putTable(CatalogTable table) {
        Objects.requireNonNull(table, "table is null");
        tables.put(table.name(), table);
    }

    public void putView(CatalogView view) {
        Objects.requireNonNull(view, "view is null");
        views.put(view.name(), view);
    }

    public boolean removeTable(String name) {
        return tables.remove(name) != null;
    }

    public boolean removeView(String name) {
        return views.remove(name) != null;
    }

    /** Table and view names, sorted, as SHOW TABLES lists them. */
    public List<String> names() {
        TreeMap<String, Boolean> all = new TreeMap<>();
        tables.keySet().forEach(n -> all.put(n, true));
        views.keySet().forEach(n -> all.put(n, true));
        return new ArrayList<>(all.keySet());
    }

    /** A Calcite front end that sees every table (with all its columns) and view. */
    public SqlFrontend frontend() {
        Map<String, RowType> rowTypes = new LinkedHashMap<>();
        for (CatalogTable t : tables.values()) {
            rowTypes.put(t.name(), t.rowType());
        }
        Map<String, ViewDefinition> viewDefs = new LinkedHashMap<>();
        for (CatalogView v : views.values()) {
            viewDefs.put(v.name(), new ViewDefinition(v.name(), v.query(), v.rowType()));
        }
        return new SqlFrontend(rowTypes, viewDefs);
    }
}
