package dev.weir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL conformance suite: every case under {@code conformance/cases/} runs on both state
 * backends and must produce exactly the rows Flink produced ({@code expected.csv}). Cases under
 * {@code conformance/pending/} are not run. See docs/conformance.md.
 */
class ConformanceTest {
    static final Path CASES = Path.of("cases");
    static final List<String> BACKENDS = List.of("hashmap", "rocksdb");
    static final List<Integer> PARALLELISMS = List.of(1, 2);

    @TempDir
    Path work;

    @TestFactory
    List<DynamicNode> cases() {
        List<Path> dirs = ConformanceCase.caseDirectories(CASES);
        assertThat(dirs).as("conformance cases under %s", CASES.toAbsolutePath()).isNotEmpty();
        String only = System.getProperty("weir.conformance.cases"); // while developing: -Dweir.conformance.cases=a,b
        if (only != null && !only.isBlank()) {
            List<String> names = List.of(only.split(","));
            dirs = dirs.stream().filter(d -> names.contains(d.getFileName().toString())).toList();
            assertThat(dirs).as("cases named by weir.conformance.cases=%s", only).isNotEmpty();
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path dir : dirs) {
            List<DynamicTest> perBackend = new ArrayList<>();
            for (String backend : BACKENDS) {
                for (int parallelism : PARALLELISMS) {
                    String name = dir.getFileName() + " on " + backend + " at parallelism " + parallelism;
                    perBackend.add(DynamicTest.dynamicTest(name, dir.toUri(),
                            () -> runCase(dir, backend, parallelism)));
                }
            }
            nodes.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), dir.toUri(), perBackend.stream()));
        }
        return nodes;
    }

    private void runCase(Path dir, String backend, int parallelism) throws Exception {
        ConformanceCase c = ConformanceCase.load(dir);
        Assumptions.assumeTrue(parallelism == 1 || !c.sequentialOnly(),
                "the case's late rows depend on how parallel inputs interleave: parallelism 1 only");
        Path caseWork = work.resolve(c.name() + "-" + backend + "-p" + parallelism);
        List<ResultSection> actual = new CaseRunner(caseWork).run(c, backend, parallelism);
        String differences = ResultComparison.differences(c.expected(), actual);
        if (!differences.isEmpty()) {
            throw new AssertionError("conformance case '" + c.name() + "' on state backend " + backend
                    + " at parallelism " + parallelism
                    + " differs from " + c.expectedFile() + ":\n" + differences);
        }
    }
}
