package dev.weir.planner.catalog;

import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.parser.ColumnDef;
import dev.weir.parser.CreateTable;
import dev.weir.parser.MetadataColumn;
import dev.weir.parser.Script;
import dev.weir.parser.SqlException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a table's METADATA columns against what its connector offers: the key must be one the
 * connector reads or writes, and the declared type that key's type. Whether a non-VIRTUAL column's
 * key is writable is checked when the table is written (the connector's validation), as in Flink:
 * a table that is only read may declare it.
 */
final class MetadataColumns {
    private MetadataColumns() {
    }

    static void check(CreateTable ct, ConnectorFactory factory, Script script) {
        String connector = factory.identifier();
        Map<String, DataType> available = new LinkedHashMap<>(factory.readableMetadata());
        factory.writableMetadata().forEach(available::putIfAbsent);
        Map<String, String> keysSeen = new LinkedHashMap<>();
        for (ColumnDef def : ct.columns()) {
            if (!(def instanceof MetadataColumn mc)) {
                continue;
            }
            if (available.isEmpty()) {
                throw new SqlException(script, mc.position(), "Column '" + mc.name() + "' of table '" + ct.name()
                        + "' is a METADATA column, but connector '" + connector + "' has no metadata. Declare it "
                        + "as a physical column (without METADATA) or remove it.");
            }
            DataType expected = available.get(mc.key());
            if (expected == null) {
                throw new SqlException(script, mc.position(), "Unknown metadata key '" + mc.key() + "' for column '"
                        + mc.name() + "' of table '" + ct.name() + "'. Connector '" + connector
                        + "' offers: " + list(available) + (mc.key().equals(mc.name())
                                ? ". Without FROM the column name is the key; write METADATA FROM 'key'." : "."));
            }
            String previous = keysSeen.putIfAbsent(mc.key(), mc.name());
            if (previous != null) {
                throw new SqlException(script, mc.position(), "Columns '" + previous + "' and '" + mc.name()
                        + "' of table '" + ct.name() + "' both read metadata key '" + mc.key() + "'; keep one.");
            }
            DataType declared = ColumnTypes.of(mc.type());
            if (!fits(declared, expected)) {
                throw new SqlException(script, mc.type().position(), "Metadata column '" + mc.name() + "' (key '"
                        + mc.key() + "') must be declared " + expected + ", not " + declared + ".");
            }
        }
    }

    /** The same kind of value: equal type roots (CHAR and VARCHAR count as one), collections element by element. */
    private static boolean fits(DataType declared, DataType expected) {
        if (declared.root() == TypeRoot.ARRAY && expected.root() == TypeRoot.ARRAY) {
            return fits(declared.elementType(), expected.elementType());
        }
        if (declared.root() == TypeRoot.MAP && expected.root() == TypeRoot.MAP) {
            return fits(declared.keyType(), expected.keyType()) && fits(declared.valueType(), expected.valueType());
        }
        return family(declared.root()) == family(expected.root())
                && (expected.root() != TypeRoot.TIMESTAMP_LTZ || declared.precision() == expected.precision());
    }

    private static TypeRoot family(TypeRoot root) {
        return root == TypeRoot.CHAR ? TypeRoot.VARCHAR : root;
    }

    private static String list(Map<String, DataType> keys) {
        StringBuilder sb = new StringBuilder();
        keys.forEach((key, type) -> sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(key).append("' ")
                .append(type));
        return sb.toString();
    }
}
