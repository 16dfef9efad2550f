package dev.weir.planner.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class CalciteTypesTest {
    private final RelDataTypeFactory factory = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);

    @Test
    void everyWeirTypeSurvivesTheRoundTrip() {
        List<DataType> types = List.of(DataType.string(), DataType.of(TypeRoot.VARCHAR, 10),
                DataType.of(TypeRoot.CHAR, 2), DataType.of(TypeRoot.BOOLEAN), DataType.of(TypeRoot.TINYINT),
                DataType.of(TypeRoot.SMALLINT), DataType.of(TypeRoot.INT), DataType.bigint().notNull(),
                DataType.of(TypeRoot.FLOAT), DataType.of(TypeRoot.DOUBLE), DataType.decimal(24, 3),
                DataType.of(TypeRoot.DATE), DataType.of(TypeRoot.TIME), DataType.timestamp(3),
                DataType.of(TypeRoot.TIMESTAMP_LTZ, 3), DataType.of(TypeRoot.BYTES));
        for (DataType t : types) {
            assertThat(CalciteTypes.toDataType(CalciteTypes.toRelType(factory, t))).as(t.toString()).isEqualTo(t);
        }
    }

    @Test
    void intervalsCannotBeColumns() {
        var interval = factory.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
                org.apache.calcite.avatica.util.TimeUnit.SECOND, null, org.apache.calcite.sql.parser.SqlParserPos.ZERO));
        assertThatThrownBy(() -> CalciteTypes.toDataType(interval)).isInstanceOf(WeirException.class)
                .hasMessageContaining("cannot be stored in a table column");
        assertThat(factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE).getPrecision())
                .isEqualTo(Integer.MAX_VALUE);
    }
}
