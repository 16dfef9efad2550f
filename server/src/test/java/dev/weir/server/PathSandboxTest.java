package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's file-path rule on a real file system, with real symbolic links. */
class PathSandboxTest {
    @TempDir
    Path root;

    private static Statement parse(String sql) {
        List<Statement> statements = ScriptParser.parse(new Script("<test>", sql));
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    private static String fsTable(Path path) {
        return "CREATE TABLE t (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + path + "', 'format' = 'csv')";
    }

    @Test
    void pathsUnderAnAllowedDirectoryPassOthersAreRefusedNamingTheOptionAndTheFlag() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        PathSandbox sandbox = PathSandbox.of(List.of(allowed));

        assertThatCode(() -> sandbox.check(parse(fsTable(allowed.resolve("in.csv"))))).doesNotThrowAnyException();
        // not there yet (a sink directory to be created), nested
        assertThatCode(() -> sandbox.check(parse(fsTable(allowed.resolve("new/dir/out"))))).doesNotThrowAnyException();
        assertThatCode(() -> sandbox.check(parse(fsTable(allowed)))).doesNotThrowAnyException();
        assertThatCode(() -> sandbox.check(parse("CREATE TABLE t (id BIGINT) WITH ('connector' = 'filesystem',"
                + " 'path' = '" + allowed.toUri() + "', 'format' = 'csv')"))).doesNotThrowAnyException();

        assertThatThrownBy(() -> sandbox.check(parse(fsTable(outside.resolve("x.csv")))))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("option 'path'")
                .hasMessageContaining("outside the directories this server allows")
                .hasMessageContaining("--allow-path");
        // a sibling whose name starts like the allowed one is not under it
        Path sibling = Files.createDirectories(root.resolve("allowed-not"));
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(sibling)))).isInstanceOf(WeirException.class);
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(Path.of("/etc/passwd"))))).isInstanceOf(WeirException.class);
        assertThatThrownBy(() -> sandbox.check(parse("CREATE TABLE t (id BIGINT) WITH ('connector' = 'filesystem',"
                + " 'path' = 'relative/dir', 'format' = 'csv')"))).isInstanceOf(WeirException.class);
    }

    @Test
    void dotDotCannotEscape() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        PathSandbox sandbox = PathSandbox.of(List.of(allowed));
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(Path.of(allowed + "/../outside/x.csv")))))
                .isInstanceOf(WeirException.class).hasMessageContaining(root.toRealPath().resolve("outside").toString());
        // through a directory that does not exist yet
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(Path.of(allowed + "/new/../../outside")))))
                .isInstanceOf(WeirException.class);
        // ".." that stays inside is fine
        assertThatCode(() -> sandbox.check(parse(fsTable(Path.of(allowed + "/a/../b"))))).doesNotThrowAnyException();
    }

    @Test
    void symbolicLinksCountWhereTheyPoint() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createSymbolicLink(allowed.resolve("escape"), outside);
        Files.createSymbolicLink(allowed.resolve("dangling"), root.resolve("nowhere"));
        Path inner = Files.createDirectories(allowed.resolve("inner"));
        Path link = Files.createSymbolicLink(root.resolve("link-to-allowed"), allowed);
        PathSandbox sandbox = PathSandbox.of(List.of(allowed));

        assertThatThrownBy(() -> sandbox.check(parse(fsTable(allowed.resolve("escape/x.csv")))))
                .isInstanceOf(WeirException.class);
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(allowed.resolve("escape/new/dir")))))
                .isInstanceOf(WeirException.class);
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(allowed.resolve("dangling/x")))))
                .isInstanceOf(WeirException.class);
        // the OS resolves "inner/.." after following nothing, but "escape/.." after following the link
        assertThatThrownBy(() -> sandbox.check(parse(fsTable(Path.of(allowed + "/escape/../outside")))))
                .isInstanceOf(WeirException.class);
        assertThatCode(() -> sandbox.check(parse(fsTable(inner.resolve("x"))))).doesNotThrowAnyException();
        // a link leading into the allowed directory is fine: it is where it points that counts
        assertThatCode(() -> sandbox.check(parse(fsTable(link.resolve("x"))))).doesNotThrowAnyException();
        // and an allowed directory given through a link is taken as its real path
        assertThatCode(() -> PathSandbox.of(List.of(link)).check(parse(fsTable(allowed.resolve("y")))))
                .doesNotThrowAnyException();
    }

    @Test
    void setOfADirectoryOptionIsCheckedLikeATablePath() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        PathSandbox sandbox = PathSandbox.of(List.of(allowed));
        assertThatCode(() -> sandbox.check(parse("SET 'execution.checkpointing.dir' = '" + allowed.resolve("chk") + "'")))
                .doesNotThrowAnyException();
        for (String key : List.of("execution.checkpointing.dir", "state.checkpoints.dir", "state.savepoints.dir",
                "execution.checkpointing.savepoint-dir", "execution.state-recovery.path", "io.tmp.dirs")) {
            assertThatThrownBy(() -> sandbox.check(parse("SET '" + key + "' = '" + root.resolve("elsewhere") + "'")))
                    .as(key).isInstanceOf(WeirException.class).hasMessageContaining("'" + key + "'");
        }
        // a list of directories: every one is checked
        assertThatThrownBy(() -> sandbox.check(parse("SET 'io.tmp.dirs' = '" + allowed + "," + root + "'")))
                .isInstanceOf(WeirException.class);
        // options that name no file are not paths
        assertThatCode(() -> sandbox.check(parse("SET 'execution.checkpointing.interval' = '1 s'")))
                .doesNotThrowAnyException();
        assertThatCode(() -> sandbox.check(parse("SET 'pipeline.name' = 'my-job'"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> sandbox.check(parse("SET 'pipeline.name' = '../../elsewhere'")))
                .isInstanceOf(WeirException.class).hasMessageContaining("checkpoint directory");
        assertThatThrownBy(() -> sandbox.check(parse("SET 'state.checkpoints.dir' = 'hdfs://nn/chk'")))
                .isInstanceOf(WeirException.class).hasMessageContaining("only local paths");
    }

    @Test
    void withNothingAllowedNoLocalPathPassesAndTheMessageSaysHowToAllowOne() {
        PathSandbox none = PathSandbox.of(List.of());
        assertThatThrownBy(() -> none.check(parse(fsTable(root.resolve("x.csv")))))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("option 'path'")
                .hasMessageContaining("This server allows none")
                .hasMessageContaining("weir serve --allow-path DIR");
        assertThatCode(() -> none.check(parse("CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen')")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> PathSandbox.of(List.of(root.resolve("missing"))))
                .isInstanceOf(WeirException.class).hasMessageContaining("is not a directory");
    }
}
