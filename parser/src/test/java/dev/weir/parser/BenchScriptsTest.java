package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark scripts in bench/queries all parse into SET, two tables and one INSERT. */
class BenchScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"q0_passthrough.sql", "q1_projection_filter.sql", "q5_tumble_count.sql",
        "q7_hop_max.sql", "q_group_agg.sql", "q_legacy_tumble.sql", "q_session.sql"})
    void parses(String file) throws IOException {
        List<Statement> statements = ScriptParser.parse(new Script(file, read(file)));

        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isInstanceOf(SetOption.class);
        CreateTable bid = (CreateTable) statements.get(1);
        assertThat(bid.watermark()).isNotNull();
        assertThat(bid.optionMap()).containsEntry("connector", "datagen");
        CreateTable sink = (CreateTable) statements.get(2);
        assertThat(sink.optionMap()).containsKey("connector");
        assertThat(statements.get(3)).isInstanceOf(Insert.class);
        assertThat(((Insert) statements.get(3)).table()).isEqualTo(sink.name());
    }

    private static String read(String file) throws IOException {
        // Maven runs tests in the module directory; the scripts live once, in bench/queries
        return Files.readString(Path.of("..", "bench", "queries", file), StandardCharsets.UTF_8);
    }
}
