package dev.weir.parser;

import static dev.weir.parser.Parsing.error;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DdlValidationTest {

    @Test
    void unknownTypeIsNamedWithASuggestionAndTheKnownTypes() {
        SqlException error = error("CREATE TABLE t (\n  id BIGINT,\n  name STRNG\n) WITH ('connector' = 'print')");
        assertThat(error.getMessage()).isEqualTo("""
                test.sql:3:8: Unknown type 'STRNG' for column 'name'. Did you mean STRING? Known types: STRING, \
                VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), DATE, \
                TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p), BYTES, VARBINARY(n), BINARY(n), ARRAY<T>, MAP<K, V>
                  name STRNG
                       ^""");
    }

    @Test
    void unsupportedCompositeTypes() {
        assertThat(error("CREATE TABLE t (a MULTISET<INT>)").reason())
                .startsWith("Type MULTISET<...> of column 'a' is not supported yet. Known types: STRING, VARCHAR(n)");
        assertThat(error("CREATE TABLE t (a MAP<STRING>)").reason())
                .isEqualTo("Type MAP of column 'a' takes a key and a value type; write MAP<K, V>");
        assertThat(error("CREATE TABLE t (a ARRAY<INT, INT>)").reason())
                .isEqualTo("Type ARRAY of column 'a' takes one element type; write ARRAY<T>");
        assertThat(error("CREATE TABLE t (a ARRAY)").reason())
                .startsWith("Unknown type 'ARRAY' for column 'a'. Write ARRAY<T>.");
        assertThat(error("CREATE TABLE t (a GEOMETRY)").reason())
                .startsWith("Unknown type 'GEOMETRY' for column 'a'. Known types: STRING");
    }

    @Test
    void typeParametersAreChecked() {
        SqlException tooMany = error("CREATE TABLE t (a VARCHAR(1, 2))");
        assertThat(tooMany.position()).isEqualTo(new Position(1, 30));
        assertThat(tooMany.reason()).isEqualTo("Type VARCHAR of column 'a' takes at most 1 parameter; write VARCHAR(n)");
        assertThat(error("CREATE TABLE t (a INT(3))").reason())
                .isEqualTo("Type INT of column 'a' takes no parameters; write INT");
        assertThat(error("CREATE TABLE t (a DECIMAL(50, 2))").reason())
                .isEqualTo("The precision of DECIMAL for column 'a' must be between 1 and 38, not 50");
        assertThat(error("CREATE TABLE t (a DECIMAL(5, 7))").reason())
                .isEqualTo("The scale of DECIMAL for column 'a' must be between 0 and the precision 5, not 7");
        assertThat(error("CREATE TABLE t (a TIMESTAMP(12))").reason())
                .isEqualTo("The precision of TIMESTAMP for column 'a' must be between 0 and 9, not 12");
        assertThat(error("CREATE TABLE t (a VARCHAR(0))").reason())
                .isEqualTo("The length of VARCHAR for column 'a' must be at least 1, not 0");
        assertThat(error("CREATE TABLE t (a INT WITH LOCAL TIME ZONE)").position()).isEqualTo(new Position(1, 23));
        assertThat(error("CREATE TABLE t (a FLOAT PRECISION)").reason()).startsWith("PRECISION only follows DOUBLE");
    }

    @Test
    void primaryKeyRules() {
        SqlException enforced = error("CREATE TABLE t (a INT PRIMARY KEY)");
        assertThat(enforced.position()).isEqualTo(new Position(1, 31));
        assertThat(enforced.reason()).startsWith("PRIMARY KEY must be declared NOT ENFORCED");
        assertThat(error("CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)").reason())
                .isEqualTo("PRIMARY KEY column 'b' is not a column of table 't'. Columns: a.");
        assertThat(error("CREATE TABLE t (a INT, b AS a + 1, PRIMARY KEY (b) NOT ENFORCED)").reason())
                .isEqualTo("PRIMARY KEY column 'b' is a computed column; a primary key may only use physical columns");
        SqlException twice = error("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT ENFORCED)");
        assertThat(twice.position()).isEqualTo(new Position(1, 49));
        assertThat(twice.reason()).startsWith("Table 't' has more than one PRIMARY KEY (the first is at 1:23)");
    }

    @Test
    void columnsWatermarksAndOptionsMustBeUnique() {
        SqlException column = error("CREATE TABLE t (a INT,\n a STRING)");
        assertThat(column.position()).isEqualTo(new Position(2, 2));
        assertThat(column.reason())
                .isEqualTo("Duplicate column 'a' in table 't' (first defined at 1:17); rename one of them");
        assertThat(error("CREATE TABLE t (a TIMESTAMP(3), WATERMARK FOR a AS a, WATERMARK FOR a AS a)").reason())
                .startsWith("Table 't' has more than one WATERMARK (the first is at 1:33)");
        SqlException option = error("CREATE TABLE t (a INT) WITH ('a' = 'b', 'a' = 'c')");
        assertThat(option.position()).isEqualTo(new Position(1, 41));
        assertThat(option.reason()).isEqualTo("Duplicate option 'a' in table 't' (first set at 1:30); keep one");
    }

    @Test
    void watermarkColumnMustExist() {
        SqlException error = error("CREATE TABLE t (a INT, b INT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
        assertThat(error.position()).isEqualTo(new Position(1, 45));
        assertThat(error.reason()).isEqualTo("WATERMARK column 'ts' is not a column of table 't'. Columns: a, b.");
    }

    @Test
    void errorsInALaterStatementComeAfterEarlierOnesParse() {
        SqlException error = error("CREATE TABLE t (a STRNG);\nCREATE TABL x");
        assertThat(error.position()).isEqualTo(new Position(1, 19));
    }
}
