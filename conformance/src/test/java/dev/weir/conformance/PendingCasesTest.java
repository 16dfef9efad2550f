package dev.weir.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pending cases (features Weir does not support yet) are not run, but they must stay well-formed
 * so that moving one to {@code cases/} is only a move.
 */
class PendingCasesTest {
    static final Path PENDING = Path.of("pending");

    @Test
    void pendingCasesAreWellFormed() {
        // None pending (no pending/ directory at all) is fine: every feature with a case has landed.
        List<Path> dirs = ConformanceCase.caseDirectories(PENDING);
        for (Path dir : dirs) {
            ConformanceCase c = ConformanceCase.load(dir);
            assertThat(c.expected()).as("result sections of pending case %s", c.name()).isNotEmpty();
        }
    }

    @Test
    void noCaseIsBothPendingAndActive() {
        List<String> active = ConformanceCase.caseDirectories(ConformanceTest.CASES).stream()
                .map(p -> p.getFileName().toString()).toList();
        for (Path dir : ConformanceCase.caseDirectories(PENDING)) {
            assertThat(active).as("case names in cases/").doesNotContain(dir.getFileName().toString());
        }
    }
}
