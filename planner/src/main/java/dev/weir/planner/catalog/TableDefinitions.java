package dev.weir.planner.catalog;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.parser.ColumnDef;
import dev.weir.parser.ComputedColumn;
import dev.weir.parser.CreateTable;
import dev.weir.parser.MetadataColumn;
import dev.weir.parser.PhysicalColumn;
import dev.weir.parser.Position;
import dev.weir.parser.Script;
import dev.weir.parser.SqlException;
import dev.weir.parser.SqlText;
import dev.weir.parser.TableOption;
import dev.weir.parser.WatermarkDef;
import dev.weir.planner.calcite.CalciteTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rex.RexNode;

/**
 * Validates a CREATE TABLE and turns it into a {@link CatalogTable}: column types, computed
 * column expressions, the WATERMARK, the primary key and the connector options. Every error is a
 * {@link SqlException} at the offending part of the statement.
 */
public final class TableDefinitions {
    private TableDefinitions() {
    }

    public static CatalogTable fromCreateTable(CreateTable ct, Script script) {
        String table = ct.name();
        Set<String> seen = new HashSet<>();
        Set<String> primaryKey = new HashSet<>(ct.primaryKey());
        RowType.Builder physical = RowType.builder();
        for (ColumnDef def : ct.columns()) {
            if (!seen.add(def.name())) {
                throw new SqlException(script, def.position(), "Duplicate column '" + def.name() + "' in table '"
                        + table + "'. Rename or remove one of them.");
            }
            if (def instanceof PhysicalColumn pc) {
                physical.add(pc.name(), physicalType(pc, primaryKey.contains(pc.name()), script));
            } else if (def instanceof MetadataColumn mc) {
                physical.add(mc.name(), metadataType(mc, script));
            }
        }
        // what the connector reads: computed columns may use metadata columns too, as in Flink
        RowType physicalType = physical.build();
        List<CatalogColumn> columns = new ArrayList<>();
        for (ColumnDef def : ct.columns()) {
            if (def instanceof PhysicalColumn pc) {
                columns.add(new CatalogColumn(pc.name(), physicalType.type(physicalType.indexOf(pc.name())), null));
            } else if (def instanceof MetadataColumn mc) {
                columns.add(CatalogColumn.metadata(mc.name(), physicalType.type(physicalType.indexOf(mc.name())),
                        mc.key(), mc.virtual()));
            } else if (def instanceof ComputedColumn cc) {
                columns.add(new CatalogColumn(cc.name(), computedType(table, physicalType, cc.expression()),
                        cc.expression().text()));
            }
        }
        for (String key : ct.primaryKey()) {
            if (!seen.contains(key)) {
                throw new SqlException(script, ct.position(), "PRIMARY KEY column '" + key + "' is not a column of table '"
                        + table + "'. Columns: " + String.join(", ", seen) + ".");
            }
        }
        WatermarkDef wm = ct.watermark();
        if (wm != null) {
            checkWatermark(table, columns, wm, script);
        }
        ConnectorFactory factory = checkOptions(ct, script);
        MetadataColumns.check(ct, factory, script);
        return new CatalogTable(table, ct.temporary(), columns, wm == null ? null : wm.column(),
                wm == null ? null : wm.expression().text(), ct.primaryKey(), ct.optionMap(), ct.comment());
    }

    private static DataType physicalType(PhysicalColumn pc, boolean inPrimaryKey, Script script) {
        DataType type;
        try {
            type = ColumnTypes.of(pc.type());
        } catch (IllegalArgumentException e) {
            throw new SqlException(script, pc.type().position(), e.getMessage() + " (column '" + pc.name() + "')");
        }
        // Primary key columns are NOT NULL, as in Flink.
        return pc.notNull() || inPrimaryKey ? type.notNull() : type;
    }

    private static DataType metadataType(MetadataColumn mc, Script script) {
        try {
            return ColumnTypes.of(mc.type());
        } catch (IllegalArgumentException e) {
            throw new SqlException(script, mc.type().position(), e.getMessage() + " (column '" + mc.name() + "')");
        }
    }

    private static DataType computedType(String table, RowType physical, SqlText expression) {
        RexNode rex = TableExpressions.toRex(table, physical, expression.text(), expression::errorAt);
        try {
            return CalciteTypes.toDataType(rex.getType());
        } catch (RuntimeException e) {
            throw expression.errorAt(1, 1, e.getMessage());
        }
    }

    private static void checkWatermark(String table, List<CatalogColumn> columns, WatermarkDef wm, Script script) {
        CatalogColumn rowtime = null;
        List<String> names = new ArrayList<>();
        for (CatalogColumn c : columns) {
            names.add(c.name());
            if (c.name().equals(wm.column())) {
                rowtime = c;
            }
        }
        if (rowtime == null) {
            throw new SqlException(script, wm.columnPosition(), "WATERMARK column '" + wm.column()
                    + "' is not a column of table '" + table + "'. Columns: " + String.join(", ", names) + ".");
        }
        if (!isRowtimeType(rowtime.type())) {
            throw new SqlException(script, wm.columnPosition(), "WATERMARK column '" + wm.column()
                    + "' must be of type TIMESTAMP(3) or TIMESTAMP_LTZ(3) but is " + rowtime.type());
        }
        RowType full = new CatalogTable(table, false, columns, null, null, List.of(), Map.of(), null).rowType();
        SqlText expr = wm.expression();
        RexNode rex = TableExpressions.toRex(table, full, expr.text(), expr::errorAt);
        DataType type;
        try {
            type = CalciteTypes.toDataType(rex.getType());
        } catch (RuntimeException e) {
            throw expr.errorAt(1, 1, e.getMessage());
        }
        if (type.root() != TypeRoot.TIMESTAMP && type.root() != TypeRoot.TIMESTAMP_LTZ) {
            throw expr.errorAt(1, 1, "WATERMARK expression must return TIMESTAMP(3) or TIMESTAMP_LTZ(3) but returns "
                    + type + ".");
        }
    }

    private static boolean isRowtimeType(DataType t) {
        return (t.root() == TypeRoot.TIMESTAMP || t.root() == TypeRoot.TIMESTAMP_LTZ) && t.precision() == 3;
    }

    /** The connectors a user can name: not the engine's own ({@code weir-collect} feeds the shell and server). */
    private static String userConnectors(Map<String, ConnectorFactory> available) {
        return String.join(", ", available.keySet().stream().filter(name -> !name.startsWith("weir-")).toList());
    }

    private static ConnectorFactory checkOptions(CreateTable ct, Script script) {
        Map<String, String> options = ct.optionMap();
        Map<String, ConnectorFactory> available = Connectors.discover();
        String connector = options.get("connector");
        if (connector == null) {
            throw new SqlException(script, ct.position(), "Table '" + ct.name() + "' has no 'connector' option. Add "
                    + "'connector' = '...' to the WITH clause; available connectors: " + userConnectors(available)
                    + ".");
        }
        ConnectorFactory factory = available.get(connector);
        if (factory == null) {
            throw new SqlException(script, optionPosition(ct, "connector"), "Unknown connector '" + connector
                    + "' for table '" + ct.name() + "'. Available connectors: " + userConnectors(available) + ".");
        }
        for (TableOption option : ct.options()) {
            if (!ConnectorOptions.isDeclared(option.key(), factory.requiredOptions(), factory.optionalOptions())) {
                throw new SqlException(script, option.position(), "Unsupported option '" + option.key()
                        + "' for connector '" + connector + "' (table '" + ct.name() + "'). Supported options: "
                        + ConnectorOptions.listValid(factory.requiredOptions(), factory.optionalOptions()) + ".");
            }
        }
        for (String required : new java.util.TreeSet<>(factory.requiredOptions())) {
            if (!options.containsKey(required)) {
                throw new SqlException(script, ct.position(), "Table '" + ct.name() + "': connector '" + connector
                        + "' requires option '" + required + "'. Add '" + required + "' = '...' to the WITH clause.");
            }
        }
        return factory;
    }

    private static Position optionPosition(CreateTable ct, String key) {
        for (TableOption option : ct.options()) {
            if (option.key().equals(key)) {
                return option.position();
            }
        }
        return ct.position();
    }
}
