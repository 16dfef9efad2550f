package dev.weir.planner;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.util.List;

/** Runs the scripts of the planning tests, each in a fresh {@link SqlSession}, and picks out what they planned. */
final class PlanningSessions {
    /** The script name positioned errors start with. */
    static final String SCRIPT = "t.sql";

    private PlanningSessions() {
    }

    /** Executes every statement of {@code sql} in a session without settings; returns the last one's result. */
    static StatementResult last(String sql) {
        return last(Configuration.empty(), SCRIPT, sql);
    }

    /** Executes every statement of script {@code name} in a session configured by {@code config}. */
    static StatementResult last(Configuration config, String name, String sql) {
        Script script = new Script(name, sql);
        SqlSession session = new SqlSession(config);
        StatementResult result = null;
        for (Statement s : ScriptParser.parse(script)) {
            result = session.execute(s, script);
        }
        return result;
    }

    /** The plan of the job the last statement of {@code sql} runs. */
    static PhysicalPlan plan(String sql) {
        return ((StatementResult.RunJob) last(sql)).plan();
    }

    /** The operators of the job the last statement of {@code sql} runs. */
    static List<OperatorSpec> operators(String sql) {
        return plan(sql).operators();
    }

    /** The operators of kind {@code type}, in plan order. */
    static <T extends OperatorSpec> List<T> ofType(List<OperatorSpec> ops, Class<T> type) {
        return ops.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The first operator of kind {@code type}; fails when there is none. */
    static <T extends OperatorSpec> T first(List<OperatorSpec> ops, Class<T> type) {
        return ops.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
