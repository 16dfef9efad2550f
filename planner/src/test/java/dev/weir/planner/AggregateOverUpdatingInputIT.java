package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GROUP BY over updating inputs, planned from SQL and run as real jobs: the changelog a bare SELECT
 * prints, applied (+I/+U add a row, -U/-D take one away), must be the final table computed here
 * directly from the input files — on both backends, at parallelism 1 and 2.
 */
class AggregateOverUpdatingInputIT {
    private static final Pattern CHANGE = Pattern.compile("(?:\\d+> )?([+-][IUD])\\[(.*)]");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"hashmap, 1", "rocksdb, 2"})
    void histogramOfPerUserCounts(String backend, int parallelism) throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder();
        Map<String, Long> perUser = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String user = "u" + (int) Math.abs(random.nextGaussian() * 12);
            csv.append(user).append(",/p").append(random.nextInt(5)).append('\n');
            perUser.merge(user, 1L, Long::sum);
        }
        Path clicks = tmp.resolve("clicks.csv");
        Files.writeString(clicks, csv);
        Map<Long, Long> histogram = new TreeMap<>();
        for (long n : perUser.values()) {
            histogram.merge(n, 1L, Long::sum);
        }
        List<String> expected = new ArrayList<>();
        histogram.forEach((n, users) -> expected.add(n + ", " + users));

        List<String> changes = run(settings(backend, parallelism)
                + "CREATE TABLE clicks (user_id STRING, url STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + clicks + "', 'format' = 'csv');\n"
                + "SELECT cnt, COUNT(*) AS users FROM (\n"
                + "  SELECT user_id, COUNT(*) AS cnt FROM clicks GROUP BY user_id) GROUP BY cnt;\n");
        assertThat(changes).anyMatch(c -> c.startsWith("-D")); // buckets empty as users move up
        assertThat(applied(changes)).isEqualTo(sorted(expected));
    }

    @ParameterizedTest
    @CsvSource({"hashmap, 1", "rocksdb, 2"})
    void aggregateOverALeftJoin(String backend, int parallelism) throws Exception {
        Random random = new Random(5);
        String[] countries = {"DE", "FR", "IT"};
        Map<String, String> countryOf = new HashMap<>();
        StringBuilder customers = new StringBuilder();
        for (int c = 0; c < 30; c += 1 + random.nextInt(2)) { // every other id or so has no customer
            String country = countries[random.nextInt(countries.length)];
            countryOf.put("c" + c, country);
            customers.append("c").append(c).append(',').append(country).append('\n');
        }
        StringBuilder orders = new StringBuilder();
        Map<String, List<Integer>> qtyByCountry = new HashMap<>();
        Map<String, Set<String>> buyers = new HashMap<>();
        for (int o = 0; o < 400; o++) {
            String customer = "c" + random.nextInt(30);
            int qty = 1 + random.nextInt(20);
            orders.append(o).append(',').append(customer).append(',').append(qty).append('\n');
            String country = countryOf.getOrDefault(customer, "null");
            qtyByCountry.computeIfAbsent(country, k -> new ArrayList<>()).add(qty);
            buyers.computeIfAbsent(country, k -> new HashSet<>()).add(customer);
        }
        Path ordersFile = tmp.resolve("orders.csv");
        Path customersFile = tmp.resolve("customers.csv");
        Files.writeString(ordersFile, orders);
        Files.writeString(customersFile, customers);
        List<String> expected = new ArrayList<>();
        qtyByCountry.forEach((country, qty) -> expected.add(country + ", " + qty.size() + ", "
                + qty.stream().mapToInt(Integer::intValue).sum() + ", "
                + qty.stream().mapToInt(Integer::intValue).min().orElseThrow() + ", "
                + qty.stream().mapToInt(Integer::intValue).max().orElseThrow() + ", " + buyers.get(country).size()));

        List<String> changes = run(settings(backend, parallelism)
                + "CREATE TABLE orders (order_id BIGINT, customer_id STRING, qty INT) WITH (\n"
                + "  'connector' = 'filesystem', 'path' = '" + ordersFile + "', 'format' = 'csv');\n"
                + "CREATE TABLE customers (customer_id STRING, country STRING) WITH ('connector' = 'filesystem', "
                + "'path' = '" + customersFile + "', 'format' = 'csv');\n"
                + "SELECT c.country, COUNT(*) AS orders, SUM(o.qty) AS qty, MIN(o.qty) AS smallest, "
                + "MAX(o.qty) AS biggest, COUNT(DISTINCT o.customer_id) AS buyers\n"
                + "FROM orders AS o LEFT JOIN customers AS c ON o.customer_id = c.customer_id\n"
                + "GROUP BY c.country;\n");
        assertThat(applied(changes)).isEqualTo(sorted(expected));
    }

    private String settings(String backend, int parallelism) {
        return "SET 'state.backend.type' = '" + backend + "';\nSET 'parallelism.default' = '" + parallelism + "';\n";
    }

    /** Runs the script's jobs to their ends and returns the change lines they printed. */
    private List<String> run(String sql) throws Exception {
        Configuration config = Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Script script = new Script("t.sql", sql);
            SqlSession session = new SqlSession(config);
            for (Statement s : ScriptParser.parse(script)) {
                if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                    JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                    assertThat(result.status()).as("failure: %s", result.failureCause())
                            .isEqualTo(JobStatus.FINISHED);
                }
            }
        } finally {
            System.setOut(original);
        }
        List<String> changes = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
            Matcher m = CHANGE.matcher(line);
            if (m.matches()) {
                changes.add(m.group(1) + "[" + m.group(2) + "]");
            }
        }
        return changes;
    }

    /** The final rows of a changelog, sorted; a row taken away more often than added fails the test. */
    private static List<String> applied(List<String> changes) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String c : changes) {
            String row = c.substring(3, c.length() - 1);
            counts.merge(row, c.startsWith("+") ? 1 : -1, Integer::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach((row, n) -> {
            assertThat(n).as("count of row [%s] after applying the changelog", row).isBetween(0, 1000);
            for (int i = 0; i < n; i++) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }
}
