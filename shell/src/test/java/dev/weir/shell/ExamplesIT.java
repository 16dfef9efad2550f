package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts in sql-examples/ run from the packaged jar and give the results their comments promise. */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "sql-examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void quickstartPrintsFourUsersInSixWindows() throws Exception {
        String sql = Files.readString(EXAMPLES.resolve("quickstart.sql"))
                .replace("'target/weir-checkpoints'", "'" + dir.resolve("checkpoints") + "'");
        ChildRun run = ChildRun.start(write("quickstart.sql", sql), dir, "quickstart");
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.describe()).isZero();

        List<String> lines = Files.readAllLines(dir.resolve("quickstart.out"));
        assertThat(lines).hasSize(24).allMatch(line -> line.matches("\\+I\\[user-[0-3], .*, 125]"));
        assertThat(lines).contains("+I[user-0, 2023-11-14 22:13:20.000, 2023-11-14 22:13:30.000, 125]",
                "+I[user-3, 2023-11-14 22:14:10.000, 2023-11-14 22:14:20.000, 125]");
    }

    @Test
    void ordersExampleWritesWindowTotalsAndDropsTheLateOrder() throws Exception {
        Path out = dir.resolve("order_totals");
        String sql = Files.readString(EXAMPLES.resolve("orders_csv.sql"))
                .replace("'sql-examples/data/orders.csv'", "'" + EXAMPLES.resolve("data/orders.csv") + "'")
                .replace("'out/order_totals'", "'" + out + "'");
        ChildRun run = ChildRun.start(write("orders.sql", sql), dir, "orders");
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.describe()).isZero();

        assertThat(CrashRecoveryIT.visibleLines(out)).containsExactlyInAnyOrder(
                "alice,2024-01-01 10:00:00.000,2024-01-01 10:00:10.000,3,23.75",
                "bob,2024-01-01 10:00:00.000,2024-01-01 10:00:10.000,1,3.00",
                "carol,2024-01-01 10:00:00.000,2024-01-01 10:00:10.000,1,20.00",
                "alice,2024-01-01 10:00:10.000,2024-01-01 10:00:20.000,1,6.00",
                "bob,2024-01-01 10:00:10.000,2024-01-01 10:00:20.000,1,1.75",
                "carol,2024-01-01 10:00:10.000,2024-01-01 10:00:20.000,1,5.50",
                "bob,2024-01-01 10:00:20.000,2024-01-01 10:00:30.000,1,2.25",
                "carol,2024-01-01 10:00:20.000,2024-01-01 10:00:30.000,1,8.75",
                "bob,2024-01-01 10:00:30.000,2024-01-01 10:00:40.000,1,10.00");
        assertThat(run.stderr()).contains("late rows dropped: 1");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
