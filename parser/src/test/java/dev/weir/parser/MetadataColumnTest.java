package dev.weir.parser;

import static dev.weir.parser.Parsing.error;
import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataColumnTest {

    @Test
    void parsesFlinksMetadataColumnForms() {
        CreateTable table = single("""
                CREATE TABLE t (
                  id BIGINT,
                  `offset` BIGINT METADATA VIRTUAL,
                  part INT METADATA FROM 'partition' VIRTUAL COMMENT 'the partition',
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  topic STRING METADATA
                ) WITH ('connector' = 'kafka')
                """, CreateTable.class);

        assertThat(table.columns()).extracting(ColumnDef::name)
                .containsExactly("id", "offset", "part", "ts", "topic");
        assertThat(table.columns().get(0)).isInstanceOf(PhysicalColumn.class);
        assertThat(table.columns().get(1)).isEqualTo(new MetadataColumn("offset",
                new TypeSpec("BIGINT", List.of(), new Position(3, 12)), "offset", true, new Position(3, 3)));
        MetadataColumn part = (MetadataColumn) table.columns().get(2);
        assertThat(part.key()).isEqualTo("partition");
        assertThat(part.virtual()).isTrue();
        MetadataColumn ts = (MetadataColumn) table.columns().get(3);
        assertThat(ts.key()).isEqualTo("timestamp");
        assertThat(ts.virtual()).isFalse();
        assertThat(ts.type()).isEqualTo(new TypeSpec("TIMESTAMP_LTZ", List.of(3), new Position(5, 6)));
        assertThat(((MetadataColumn) table.columns().get(4)).key()).isEqualTo("topic");
    }

    @Test
    void metadataVirtualAndFromStayUsableAsColumnNames() {
        CreateTable table = single("CREATE TABLE t (metadata INT, virtual STRING, from BIGINT) WITH ('connector' = 'x')",
                CreateTable.class);
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly("metadata", "virtual", "from");
        assertThat(table.columns()).allMatch(c -> c instanceof PhysicalColumn);
    }

    @Test
    void emptyKeyIsRefused() {
        SqlException e = error("CREATE TABLE t (a INT METADATA FROM '') WITH ('connector' = 'x')");
        assertThat(e.reason()).contains("metadata key of column 'a' is empty");
        assertThat(e.position()).isEqualTo(new Position(1, 37));
    }

    @Test
    void aMetadataColumnCannotBeThePrimaryKey() {
        SqlException e = error("CREATE TABLE t (a INT METADATA FROM 'partition', PRIMARY KEY (a) NOT ENFORCED)");
        assertThat(e.reason()).contains("PRIMARY KEY column 'a' is a metadata column");
    }

    @Test
    void metadataAfterAConstraintIsASyntaxError() {
        SqlException e = error("CREATE TABLE t (a INT NOT NULL METADATA) WITH ('connector' = 'x')");
        assertThat(e.position()).isEqualTo(new Position(1, 32));
    }
}
