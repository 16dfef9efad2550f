package dev.weir.planner.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionTypeSyntaxTest {
    @Test
    void flinksArrayTypeBecomesCalcitesKeepingTheLength() {
        String sql = "SELECT CAST(a AS ARRAY<BIGINT>), x FROM t";
        String rewritten = CollectionTypeSyntax.rewrite(sql);
        assertThat(rewritten).isEqualTo("SELECT CAST(a AS BIGINT ARRAY ), x FROM t");
        assertThat(rewritten).hasSameSizeAs(sql);
        assertThat(CollectionTypeSyntax.rewrite("CAST(m AS MAP<STRING, ARRAY<ARRAY<DECIMAL(10, 2)>>>)"))
                .isEqualTo("CAST(m AS MAP<STRING, DECIMAL(10, 2) ARRAY ARRAY  >)");
        assertThat(CollectionTypeSyntax.rewrite("CAST(a AS array < INT >)")).isEqualTo("CAST(a AS INT ARRAY    )");
    }

    @Test
    void constructorsLiteralsAndIdentifiersAreLeftAlone() {
        for (String sql : new String[] {
            "SELECT ARRAY[1, 2] FROM t",
            "SELECT 'ARRAY<INT>' FROM t",
            "SELECT `ARRAY<x>` FROM t",
            "SELECT my_array<3 FROM t",
            "SELECT a -- ARRAY<INT>\nFROM t",
            "SELECT /* ARRAY<INT> */ a FROM t"}) {
            assertThat(CollectionTypeSyntax.rewrite(sql)).isEqualTo(sql);
        }
    }
}
