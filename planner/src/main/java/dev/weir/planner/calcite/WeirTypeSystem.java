package dev.weir.planner.calcite;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Flink's type limits instead of Calcite's defaults: strings up to {@code Integer.MAX_VALUE}
 * (so STRING is VARCHAR(2147483647)), timestamps with precision up to 9 and 6 by default,
 * decimals up to 38 digits.
 */
final class WeirTypeSystem extends RelDataTypeSystemImpl {
    static final WeirTypeSystem INSTANCE = new WeirTypeSystem();

    private WeirTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case CHAR, VARCHAR, BINARY, VARBINARY -> Integer.MAX_VALUE;
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME, TIME_WITH_LOCAL_TIME_ZONE -> 9;
            case DECIMAL -> 38;
            default -> super.getMaxPrecision(typeName);
        };
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 6;
            case TIME, TIME_WITH_LOCAL_TIME_ZONE -> 0;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    /** Like Flink: CASE over 'a' and 'bb' yields VARCHAR(2), not a blank-padded CHAR(2). */
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
    }
}
