package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.UnnestSpec;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARRAY and MAP columns end to end: DDL and DESCRIBE, JSON in and out, element access, UNNEST
 * (planned as a stateless flat-map), and collections as group keys in keyed state on both
 * backends. Flink's results for the same SQL are checked by the conformance case {@code collections}.
 */
class CollectionsSqlIT {
    @TempDir
    Path tmp;

    private String source() throws IOException {
        Path json = tmp.resolve("events.json");
        Files.writeString(json, String.join("\n",
                "{\"id\":1,\"tags\":[\"a\",\"b\"],\"attrs\":{\"color\":\"red\",\"size\":\"L\"}}",
                "{\"id\":2,\"tags\":[],\"attrs\":{}}",
                "{\"id\":3,\"tags\":null,\"attrs\":null}",
                "{\"id\":4,\"tags\":[\"b\",null],\"attrs\":{\"color\":\"blue\"}}",
                "{\"id\":5,\"tags\":[\"a\",\"b\"],\"attrs\":{\"color\":\"red\"}}") + "\n");
        return "CREATE TABLE events (id BIGINT, tags ARRAY<STRING>, attrs MAP<STRING, STRING>)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + json + "', 'format' = 'json');\n";
    }

    private Configuration config(String backend) {
        return Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString())
                .with("state.backend.type", backend);
    }

    private List<StatementResult> run(String sql, String backend) throws InterruptedException {
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(config(backend));
        List<StatementResult> results = new ArrayList<>();
        for (Statement s : ScriptParser.parse(script)) {
            StatementResult r = session.execute(s, script);
            results.add(r);
            if (r instanceof StatementResult.RunJob job) {
                JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
            }
        }
        return results;
    }

    private static List<String> sortedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void describeShowsCollectionTypesAsFlink() throws Exception {
        List<StatementResult> results = run("CREATE TABLE t (a ARRAY<INT>, b INT ARRAY NOT NULL, "
                + "c MAP<STRING, ARRAY<DECIMAL(10, 2)>>, d ARRAY<BIGINT NOT NULL>) WITH ('connector' = 'blackhole');\n"
                + "DESCRIBE t;\n", "hashmap");
        StatementResult.Table table = (StatementResult.Table) results.get(1);
        assertThat(table.rows()).extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(2)).containsExactly(
                "a ARRAY<INT> TRUE", "b ARRAY<INT> FALSE", "c MAP<STRING, ARRAY<DECIMAL(10, 2)>> TRUE",
                "d ARRAY<BIGINT NOT NULL> TRUE");
    }

    @Test
    void unnestElementAccessAndJsonOutput() throws Exception {
        Path unnested = tmp.resolve("unnested");
        Path accessed = tmp.resolve("accessed");
        List<StatementResult> results = run(source()
                + "CREATE TABLE unnested (id BIGINT, tag STRING, pos INT)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + unnested + "', 'format' = 'json');\n"
                + "CREATE TABLE accessed (id BIGINT, first_tag STRING, color STRING, n INT, both_ ARRAY<STRING>, "
                + "m MAP<STRING, BIGINT>)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + accessed + "', 'format' = 'json');\n"
                + "INSERT INTO unnested SELECT id, tag, pos FROM events LEFT JOIN UNNEST(tags) WITH ORDINALITY "
                + "AS t (tag, pos) ON TRUE;\n"
                + "INSERT INTO accessed SELECT id, tags[1], attrs['color'], CARDINALITY(tags), "
                + "ARRAY[tags[2], attrs['size']], MAP['id', id] FROM events WHERE id <> 3;\n", "hashmap");
        assertThat(results).filteredOn(StatementResult.RunJob.class::isInstance).first().satisfies(r -> {
            List<OperatorSpec> ops = ((StatementResult.RunJob) r).plan().operators();
            assertThat(ops).filteredOn(UnnestSpec.class::isInstance).singleElement().satisfies(op -> {
                UnnestSpec unnest = (UnnestSpec) op;
                assertThat(unnest.keepEmpty()).isTrue();
                assertThat(unnest.withOrdinality()).isTrue();
                assertThat(unnest.describe()).isEqualTo("Unnest(unnest=[tags], ordinality=[true], joinType=[LEFT], "
                        + "select=[id, tags, attrs, tag, pos])");
            });
        });
        assertThat(sortedLines(unnested)).containsExactly(
                "{\"id\":1,\"tag\":\"a\",\"pos\":1}",
                "{\"id\":1,\"tag\":\"b\",\"pos\":2}",
                "{\"id\":2,\"tag\":null,\"pos\":null}",
                "{\"id\":3,\"tag\":null,\"pos\":null}",
                "{\"id\":4,\"tag\":\"b\",\"pos\":1}",
                "{\"id\":4,\"tag\":null,\"pos\":2}",
                "{\"id\":5,\"tag\":\"a\",\"pos\":1}",
                "{\"id\":5,\"tag\":\"b\",\"pos\":2}");
        assertThat(sortedLines(accessed)).containsExactly(
                "{\"id\":1,\"first_tag\":\"a\",\"color\":\"red\",\"n\":2,\"both_\":[\"b\",\"L\"],\"m\":{\"id\":1}}",
                "{\"id\":2,\"first_tag\":null,\"color\":null,\"n\":0,\"both_\":[null,null],\"m\":{\"id\":2}}",
                "{\"id\":4,\"first_tag\":\"b\",\"color\":\"blue\",\"n\":2,\"both_\":[null,null],\"m\":{\"id\":4}}",
                "{\"id\":5,\"first_tag\":\"a\",\"color\":\"red\",\"n\":2,\"both_\":[\"b\",null],\"m\":{\"id\":5}}");
    }

    @Test
    void collectionsAsGroupKeysLiveInKeyedStateOnBothBackends() throws Exception {
        for (String backend : List.of("hashmap", "rocksdb")) {
            Path out = tmp.resolve("by-tags-" + backend);
            run(source()
                    + "CREATE TABLE by_tags (tags ARRAY<STRING>, attrs MAP<STRING, STRING>, n BIGINT, ids ARRAY<BIGINT>)\n"
                    + "  WITH ('connector' = 'filesystem', 'path' = '" + out + "', 'format' = 'debezium-json');\n"
                    + "INSERT INTO by_tags SELECT tags, attrs, COUNT(*), ARRAY[MIN(id), MAX(id)] FROM events "
                    + "WHERE id <> 3 GROUP BY tags, attrs;\n", backend);
            assertThat(sortedLines(out)).as(backend).containsExactly(
                    "{\"before\":null,\"after\":{\"tags\":[\"a\",\"b\"],\"attrs\":{\"color\":\"red\",\"size\":\"L\"},"
                            + "\"n\":1,\"ids\":[1,1]},\"op\":\"c\"}",
                    "{\"before\":null,\"after\":{\"tags\":[\"a\",\"b\"],\"attrs\":{\"color\":\"red\"},\"n\":1,"
                            + "\"ids\":[5,5]},\"op\":\"c\"}",
                    "{\"before\":null,\"after\":{\"tags\":[\"b\",null],\"attrs\":{\"color\":\"blue\"},\"n\":1,"
                            + "\"ids\":[4,4]},\"op\":\"c\"}",
                    "{\"before\":null,\"after\":{\"tags\":[],\"attrs\":{},\"n\":1,\"ids\":[2,2]},\"op\":\"c\"}");
        }
    }

    @Test
    void leftJoinUnnestTakesOnlyOnTrue() throws Exception {
        assertThatThrownBy(() -> run(source()
                + "CREATE TABLE out_rows (id BIGINT, tag STRING) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO out_rows SELECT id, tag FROM events LEFT JOIN UNNEST(tags) AS t (tag) "
                + "ON tag <> 'a';\n", "hashmap"))
                .hasMessageContaining("a condition on the unnested columns of a LEFT JOIN UNNEST");
    }

    @Test
    void csvRefusesCollectionsAndNamesTheColumn() throws Exception {
        Path csv = tmp.resolve("out.csv");
        assertThatThrownBy(() -> run(source()
                + "CREATE TABLE out_csv (id BIGINT, attrs MAP<STRING, STRING>)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + csv + "', 'format' = 'csv');\n"
                + "INSERT INTO out_csv SELECT id, attrs FROM events;\n", "hashmap"))
                .hasStackTraceContaining("Column 'attrs' has type MAP<STRING, STRING>, which the csv format cannot hold");
    }
}
