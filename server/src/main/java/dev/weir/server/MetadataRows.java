package dev.weir.server;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogColumn;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.catalog.CatalogView;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;

/**
 * The rows of {@link java.sql.DatabaseMetaData} answers, from a session's catalog. Weir has one
 * catalog and one database, named as Flink names its defaults.
 */
final class MetadataRows {
    static final String CATALOG = "default_catalog";
    static final String SCHEMA = "default_database";

    private MetadataRows() {
    }

    static List<Object> tables(Catalog catalog, Meta.Pat schema, Meta.Pat table, List<String> types) {
        List<Object> rows = new ArrayList<>();
        if (!matches(schema, SCHEMA)) {
            return rows;
        }
        for (String name : catalog.names()) {
            if (!matches(table, name)) {
                continue;
            }
            String type = catalog.table(name).isPresent() ? "TABLE" : "VIEW";
            if (types == null || types.contains(type)) {
                rows.add(asArray(new MetaImpl.MetaTable(CATALOG, SCHEMA, name, type)));
            }
        }
        return rows;
    }

    static List<Object> columns(Catalog catalog, Meta.Pat schema, Meta.Pat table, Meta.Pat column) {
        List<Object> rows = new ArrayList<>();
        if (!matches(schema, SCHEMA)) {
            return rows;
        }
        for (String name : catalog.names()) {
            if (!matches(table, name)) {
                continue;
            }
            Optional<CatalogTable> t = catalog.table(name);
            if (t.isPresent()) {
                int ordinal = 1;
                for (CatalogColumn c : t.get().columns()) {
                    if (matches(column, c.name())) {
                        rows.add(column(name, c.name(), c.type(), ordinal, c.isComputed()));
                    }
                    ordinal++;
                }
                continue;
            }
            Optional<CatalogView> v = catalog.view(name);
            if (v.isPresent()) {
                RowType rowType = v.get().rowType();
                for (int i = 0; i < rowType.arity(); i++) {
                    if (matches(column, rowType.field(i).name())) {
                        rows.add(column(name, rowType.field(i).name(), rowType.type(i), i + 1, false));
                    }
                }
            }
        }
        return rows;
    }

    private static Object[] column(String table, String name, DataType type, int ordinal, boolean computed) {
        Integer size = ResultTypes.columnSize(type);
        Integer digits = switch (type.root()) {
            case DECIMAL -> type.scale();
            case TIMESTAMP, TIMESTAMP_LTZ -> type.precision();
            default -> null;
        };
        boolean text = switch (type.root()) {
            case CHAR, VARCHAR, BYTES -> true;
            default -> false;
        };
        return asArray(new MetaImpl.MetaColumn(CATALOG, SCHEMA, table, name, ResultTypes.jdbcType(type),
                ResultTypes.typeName(type), size, digits, 10,
                type.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
                text ? size : null, ordinal, type.isNullable() ? "YES" : "NO", "NO", computed ? "YES" : "NO"));
    }

    static List<Object> schemas(Meta.Pat schema) {
        return matches(schema, SCHEMA) ? List.of(asArray(new MetaImpl.MetaSchema(CATALOG, SCHEMA))) : List.of();
    }

    static List<Object> catalogs() {
        return List.of(asArray(new MetaImpl.MetaCatalog(CATALOG)));
    }

    static List<Object> tableTypes() {
        return List.of(asArray(new MetaImpl.MetaTableType("TABLE")), asArray(new MetaImpl.MetaTableType("VIEW")));
    }

    /**
     * A metadata record as a row array, in the field order {@code MetaImpl.fieldMetaData} uses
     * for the columns (both read {@link Class#getFields()}); the wire format carries arrays only.
     */
    static Object[] asArray(Object record) {
        List<Object> values = new ArrayList<>();
        for (Field f : record.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                values.add(f.get(record));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + f, e);
            }
        }
        return values.toArray();
    }

    /** JDBC pattern matching: {@code %} any run, {@code _} one character, {@code \} escapes. */
    static boolean matches(Meta.Pat pattern, String value) {
        if (pattern == null || pattern.s == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        String p = pattern.s;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                regex.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
