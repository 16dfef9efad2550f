package dev.weir.shell;

import dev.weir.parser.Explain;
import dev.weir.parser.Insert;
import dev.weir.parser.Query;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code weir explain FILE.sql}: runs the script's DDL and SETs, and explains its queries instead of running them. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print the logical, optimised and physical plans of a script's queries.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.sql")
    Path script;

    @Mixin
    SessionOptions sessionOptions = new SessionOptions();

    @Override
    public Integer call() throws Exception {
        StatementExecutor executor = new StatementExecutor(new SqlSession(sessionOptions.configuration()),
                System.out, System.err, false);
        Script file = RunCommand.read(script);
        for (Statement statement : ScriptParser.parse(file)) {
            boolean isJob = statement instanceof Insert || statement instanceof Query
                    || statement instanceof dev.weir.parser.StatementSet;
            executor.execute(file, isJob ? new Explain(statement.position(), "EXPLAIN " + statement.text(), statement)
                    : statement);
        }
        return 0;
    }
}
