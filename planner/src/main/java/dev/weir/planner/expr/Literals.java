package dev.weir.planner.expr;

import dev.weir.core.WeirException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexLiteral;

/** Converts Calcite literals into Weir's internal representation, once, at compile time. */
final class Literals {
    private Literals() {
    }

    static Object value(RexLiteral literal) {
        if (literal.isNull()) {
            return null;
        }
        Repr repr = Repr.of(literal.getType());
        return switch (repr) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case TINYINT -> decimal(literal).byteValueExact();
            case SMALLINT -> decimal(literal).shortValueExact();
            case INT, INTERVAL_MONTHS -> decimal(literal).intValueExact();
            case BIGINT, INTERVAL_MILLIS -> decimal(literal).longValueExact();
            case FLOAT -> decimal(literal).floatValue();
            case DOUBLE -> literal.getValueAs(Double.class);
            case DECIMAL -> decimal(literal).setScale(literal.getType().getScale(), RoundingMode.HALF_UP);
            case STRING -> literal.getValueAs(String.class);
            case BYTES -> literal.getValueAs(ByteString.class).getBytes();
            case DATE, TIME -> literal.getValueAs(Integer.class);
            case TIMESTAMP, TIMESTAMP_LTZ -> literal.getValueAs(Long.class);
            case SYMBOL -> literal.getValue();
            case NULL -> null;
            // Calcite keeps collection constructors as calls; a collection literal never reaches here.
            case ARRAY, MAP -> throw new WeirException("Not supported yet: literal " + literal);
        };
    }

    private static BigDecimal decimal(RexLiteral literal) {
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value == null) {
            throw new WeirException("Not supported yet: literal " + literal);
        }
        return value;
    }
}
