package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void integerArithmeticKeepsTheResultType() {
        assertThat(h.eval("i + 1")).isEqualTo(4);
        assertThat(h.eval("id * 3")).isEqualTo(12L);
        assertThat(h.eval("i - id")).isEqualTo(-1L);
        assertThat(h.eval("id / 3")).isEqualTo(1L);
        assertThat(h.eval("MOD(id, 3)")).isEqualTo(1); // MOD takes the divisor's type
        assertThat(h.eval("MOD(id, 3)", "id", -7L)).isEqualTo(-1);
        assertThat(h.eval("-i")).isEqualTo(-3);
        assertThat(h.eval("ti + si")).isEqualTo((short) 3);
    }

    @Test
    void approximateArithmeticFollowsIeee() {
        assertThat(h.eval("d * 2")).isEqualTo(5.0);
        assertThat(h.eval("d / 0")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.eval("d - i")).isEqualTo(-0.5);
        assertThat((Double) h.eval("d / 0 - d / 0")).isNaN();
        assertThat(h.eval("f + f")).isEqualTo(3.0f);
    }

    @Test
    void decimalArithmeticUsesTheResultScale() {
        assertThat(h.eval("amt + 1")).isEqualTo(new BigDecimal("13.34"));
        assertThat(h.eval("amt * amt")).isEqualTo(new BigDecimal("152.2756"));
        Object quotient = h.eval("amt / 4");
        assertThat(((BigDecimal) quotient).compareTo(new BigDecimal("3.085"))).isZero();
        assertThat(((BigDecimal) quotient).scale()).isEqualTo(h.type("amt / 4").getScale());
        assertThat(h.eval("-amt")).isEqualTo(new BigDecimal("-12.34"));
    }

    @Test
    void nullInNullOut() {
        for (String expr : new String[] {"i + 1", "id * id", "amt / 2", "d - 1", "MOD(id, 2)", "-i", "ABS(i)"}) {
            assertThat(h.evalNulls(expr)).as(expr).isNull();
        }
    }

    @Test
    void bigintOverflowThrowsNamingTheExpression() {
        assertThatThrownBy(() -> h.eval("id + 1", "id", Long.MAX_VALUE))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Numeric overflow in expression '+(id, 1)'");
        assertThatThrownBy(() -> h.eval("id * 2", "id", Long.MAX_VALUE / 2 + 1))
                .hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> h.eval("id - 2", "id", Long.MIN_VALUE))
                .hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> h.eval("-id", "id", Long.MIN_VALUE)).hasMessageContaining("Numeric overflow");
    }

    @Test
    void intOverflowThrowsToo() {
        assertThatThrownBy(() -> h.eval("i * i", "i", 100_000))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Numeric overflow in expression '*(i, i)'");
    }

    @Test
    void divisionByZeroThrowsForIntegersAndDecimals() {
        assertThatThrownBy(() -> h.eval("id / (i - 3)"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Division by zero in expression '/(id, -(i, 3))'");
        assertThatThrownBy(() -> h.eval("MOD(id, i - 3)")).hasMessageContaining("Division by zero");
        assertThatThrownBy(() -> h.eval("amt / (i - 3)")).hasMessageContaining("Division by zero");
    }

    @Test
    void absFloorCeil() {
        assertThat(h.eval("ABS(i)", "i", -5)).isEqualTo(5);
        assertThat(h.eval("ABS(amt)", "amt", new BigDecimal("-1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(h.eval("FLOOR(d)")).isEqualTo(2.0);
        assertThat(h.eval("CEIL(d)")).isEqualTo(3.0);
        assertThat(((BigDecimal) h.eval("FLOOR(amt)")).compareTo(new BigDecimal("12"))).isZero();
        assertThat(((BigDecimal) h.eval("CEIL(amt)")).compareTo(new BigDecimal("13"))).isZero();
        assertThat(h.eval("FLOOR(id)")).isEqualTo(4L);
    }
}
