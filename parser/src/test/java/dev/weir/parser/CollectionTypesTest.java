package dev.weir.parser;

import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionTypesTest {

    @Test
    void parsesArrayAndMapTypesNestedAndInBothArraySpellings() {
        CreateTable table = single("""
                CREATE TABLE t (
                  a ARRAY<INT>,
                  b INT ARRAY NOT NULL,
                  c MAP<STRING, ARRAY<DECIMAL(10, 2)>>,
                  d ARRAY<MAP<STRING, BIGINT NOT NULL>> ARRAY,
                  e AS CAST(a AS ARRAY<BIGINT>),
                  `array` INT
                ) WITH ('connector' = 'print')
                """, CreateTable.class);
        TypeSpec a = ((PhysicalColumn) table.columns().get(0)).type();
        assertThat(a.name()).isEqualTo("ARRAY");
        assertThat(a.children()).extracting(TypeSpec::name).containsExactly("INT");
        assertThat(a.position()).isEqualTo(new Position(2, 5));

        PhysicalColumn b = (PhysicalColumn) table.columns().get(1);
        assertThat(b.notNull()).isTrue();
        assertThat(b.type().name()).isEqualTo("ARRAY");
        assertThat(b.type().children().get(0).name()).isEqualTo("INT");

        TypeSpec c = ((PhysicalColumn) table.columns().get(2)).type();
        assertThat(c.name()).isEqualTo("MAP");
        assertThat(c.children()).extracting(TypeSpec::name).containsExactly("STRING", "ARRAY");
        assertThat(c.children().get(1).children().get(0).params()).containsExactly(10, 2);

        TypeSpec d = ((PhysicalColumn) table.columns().get(3)).type();
        assertThat(d.name()).isEqualTo("ARRAY");
        TypeSpec inner = d.children().get(0);
        assertThat(inner.name()).isEqualTo("ARRAY");
        TypeSpec map = inner.children().get(0);
        assertThat(map.name()).isEqualTo("MAP");
        assertThat(map.children().get(1).notNull()).isTrue();
        assertThat(map.children().get(0).notNull()).isFalse();

        assertThat(((ComputedColumn) table.columns().get(4)).expression().text()).isEqualTo("CAST(a AS ARRAY<BIGINT>)");
        assertThat(table.columns().get(5).name()).isEqualTo("array");
    }
}
