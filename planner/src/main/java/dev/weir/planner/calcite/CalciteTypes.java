package dev.weir.planner.calcite;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Weir's {@link DataType} and Calcite's {@link RelDataType}. */
public final class CalciteTypes {
    private CalciteTypes() {
    }

    /** The Calcite type for a Weir type (STRING is VARCHAR(2147483647), TIMESTAMP_LTZ is WITH LOCAL TIME ZONE). */
    public static RelDataType toRelType(RelDataTypeFactory factory, DataType type) {
        RelDataType base = switch (type.root()) {
            case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
            case TINYINT -> factory.createSqlType(SqlTypeName.TINYINT);
            case SMALLINT -> factory.createSqlType(SqlTypeName.SMALLINT);
            case INT -> factory.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
            // Calcite's FLOAT is a double; Flink's FLOAT is 4 bytes, which Calcite calls REAL.
            case FLOAT -> factory.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
            case CHAR -> factory.createSqlType(SqlTypeName.CHAR, type.precision());
            case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR, type.precision());
            case BYTES -> factory.createSqlType(SqlTypeName.VARBINARY, type.precision());
            case DATE -> factory.createSqlType(SqlTypeName.DATE);
            case TIME -> factory.createSqlType(SqlTypeName.TIME);
            case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, type.precision());
            case TIMESTAMP_LTZ -> factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, type.precision());
            case ARRAY -> factory.createArrayType(toRelType(factory, type.elementType()), -1);
            case MAP -> factory.createMapType(toRelType(factory, type.keyType()), toRelType(factory, type.valueType()));
        };
        return factory.createTypeWithNullability(base, type.isNullable());
    }

    /** The Calcite row type for a Weir row type. */
    public static RelDataType toRelType(RelDataTypeFactory factory, RowType rowType) {
        RelDataTypeFactory.Builder builder = factory.builder();
        for (RowType.Field f : rowType.fields()) {
            builder.add(f.name(), toRelType(factory, f.type()));
        }
        return builder.build();
    }

    /** The Weir type for a Calcite type; fails for types no Weir column can hold (INTERVAL, NULL, ...). */
    public static DataType toDataType(RelDataType type) {
        DataType base = switch (type.getSqlTypeName()) {
            case BOOLEAN -> DataType.of(TypeRoot.BOOLEAN);
            case TINYINT -> DataType.of(TypeRoot.TINYINT);
            case SMALLINT -> DataType.of(TypeRoot.SMALLINT);
            case INTEGER -> DataType.of(TypeRoot.INT);
            case BIGINT -> DataType.of(TypeRoot.BIGINT);
            case REAL, FLOAT -> DataType.of(TypeRoot.FLOAT);
            case DOUBLE -> DataType.of(TypeRoot.DOUBLE);
            case DECIMAL -> DataType.decimal(type.getPrecision(), Math.max(0, type.getScale()));
            case CHAR -> DataType.of(TypeRoot.CHAR, length(type));
            case VARCHAR -> DataType.of(TypeRoot.VARCHAR, length(type));
            case BINARY, VARBINARY -> DataType.of(TypeRoot.BYTES, length(type));
            case DATE -> DataType.of(TypeRoot.DATE);
            case TIME -> DataType.of(TypeRoot.TIME);
            case TIMESTAMP -> DataType.of(TypeRoot.TIMESTAMP, type.getPrecision());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> DataType.of(TypeRoot.TIMESTAMP_LTZ, type.getPrecision());
            case ARRAY -> DataType.array(toDataType(type.getComponentType()));
            case MAP -> DataType.map(toDataType(type.getKeyType()), toDataType(type.getValueType()));
            default -> throw new WeirException("Type " + type.getFullTypeString()
                    + " cannot be stored in a table column; cast it to a supported type (STRING, BIGINT, TIMESTAMP(3), ...).");
        };
        return base.nullable(type.isNullable());
    }

    /** The Weir row type for a Calcite row type, keeping field names. */
    public static RowType toRowType(RelDataType rowType) {
        List<RowType.Field> fields = new ArrayList<>(rowType.getFieldCount());
        for (RelDataTypeField f : rowType.getFieldList()) {
            fields.add(new RowType.Field(f.getName(), toDataType(f.getType())));
        }
        return new RowType(fields);
    }

    private static int length(RelDataType type) {
        int p = type.getPrecision();
        return p < 0 ? DataType.MAX_LENGTH : p;
    }
}
