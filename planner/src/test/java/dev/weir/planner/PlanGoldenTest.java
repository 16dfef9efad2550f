package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file plan tests: every {@code src/test/resources/plans/<topic>.sql} (DDL plus one
 * EXPLAIN) runs in a fresh session and its EXPLAIN output must equal {@code <topic>.out}.
 *
 * <p>After an intended plan change, regenerate the expected files and review the diff:
 * <pre>
 *   mvn -B -ntp -pl planner install -Dtest=PlanGoldenTest -Dweir.golden.update=true
 * </pre>
 */
class PlanGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/plans");
    private static final boolean UPDATE = Boolean.getBoolean("weir.golden.update");

    @TestFactory
    Stream<DynamicTest> plans() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(DIR)) {
            list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().forEach(files::add);
        }
        assertThat(files).as("golden .sql files in " + DIR.toAbsolutePath()).isNotEmpty();
        return files.stream().map(sql -> DynamicTest.dynamicTest(sql.getFileName().toString(), () -> check(sql)));
    }

    private static void check(Path sqlFile) throws IOException {
        String name = sqlFile.getFileName().toString();
        Script script = new Script(name, Files.readString(sqlFile, StandardCharsets.UTF_8));
        SqlSession session = new SqlSession(Configuration.empty());
        StringBuilder actual = new StringBuilder();
        for (Statement s : ScriptParser.parse(script)) {
            StatementResult r = session.execute(s, script);
            if (r instanceof StatementResult.Text text) {
                actual.append(text.text());
            }
        }
        assertThat(actual).as("EXPLAIN output of " + name).isNotEmpty();
        Path outFile = sqlFile.resolveSibling(name.substring(0, name.length() - 4) + ".out");
        if (UPDATE) {
            Files.writeString(outFile, actual.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(outFile).as("expected output (generate with -Dweir.golden.update=true)").exists();
        assertThat(actual.toString()).isEqualTo(Files.readString(outFile, StandardCharsets.UTF_8));
    }
}
