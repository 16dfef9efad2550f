package dev.weir.planner;

import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.plan.RelOptUtil;

/**
 * The INSERTs of a statement set, each planned as on its own, merged into one job: their plans side
 * by side in one {@link PhysicalPlan} (one sink per INSERT, one checkpoint for all).
 *
 * <p>Operator ids stay unique and stable: every operator of an INSERT into {@code t} gets the suffix
 * {@code @t} ({@code @t#2} for the second INSERT into {@code t}), except its own sink, which keeps
 * {@code sink-t} ({@code sink-t#2}). So an operator's id depends on its own INSERT only, never on
 * which other INSERTs share the set. Sources are read once per INSERT, unless
 * {@value #REUSE_SOURCE} is true: then INSERTs reading the same table share one source, and the
 * stateless stretch after it (computed columns, watermark assigner, Calcs) as far as it is
 * identical; a shared operator keeps the id it has in the first INSERT that reads it.
 */
final class StatementSetPlan {
    /** One planned INSERT of the set, and the table it writes. */
    record Member(String table, QueryPlanner.Planned planned) {
        Member {
            Objects.requireNonNull(table, "table is null");
            Objects.requireNonNull(planned, "planned is null");
        }
    }

    /** Flink's option; Weir's default is false, so that an INSERT's ids never depend on the others. */
    static final String REUSE_SOURCE = "table.optimizer.reuse-source-enabled";

    private final List<Member> members;
    private final PhysicalPlan plan;

    StatementSetPlan(List<Member> members, String jobName, boolean reuseSources) {
        this.members = List.copyOf(members);
        if (this.members.isEmpty()) {
            throw new IllegalArgumentException("a statement set has at least one INSERT");
        }
        this.plan = merge(this.members, jobName, reuseSources);
    }

    /** {@code insert-into_a,b}: Weir's {@code insert-into_<table>} over the set's tables, each named once. */
    static String defaultJobName(List<String> tables) {
        return "insert-into_" + String.join(",", new LinkedHashSet<>(tables));
    }

    PhysicalPlan plan() {
        return plan;
    }

    /** EXPLAIN: each INSERT's logical plans, one after the other, then the merged physical plan. */
    String explain() {
        return explain(dev.weir.core.config.Configuration.empty());
    }

    /** As {@link #explain()}, with each operator's parallelism where {@code config}'s default or a table's differs. */
    String explain(dev.weir.core.config.Configuration config) {
        StringBuilder ast = new StringBuilder("== Abstract Syntax Tree ==\n");
        StringBuilder optimized = new StringBuilder("== Optimized Logical Plan ==\n");
        for (int i = 0; i < members.size(); i++) {
            QueryPlanner.Planned p = members.get(i).planned();
            String separator = i == 0 ? "" : "\n";
            ast.append(separator).append(p.sinkLine()).append('\n')
                    .append(QueryPlanner.Planned.indented(RelOptUtil.toString(p.logical())));
            optimized.append(separator).append(p.sinkLine()).append('\n')
                    .append(QueryPlanner.Planned.indented(RelOptUtil.toString(p.optimized())));
        }
        return ast + "\n" + optimized + "\n== Physical Plan ==\n" + plan.explain(
                dev.weir.executor.runtime.TableParallelism.check(plan, config));
    }

    private static PhysicalPlan merge(List<Member> members, String jobName, boolean reuseSources) {
        List<OperatorSpec> operators = new ArrayList<>();
        List<List<Integer>> inputs = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        // what a shareable operator of an earlier INSERT computes (over which merged input) -> its merged index;
        // an INSERT never shares within itself (a self-join keeps its two scans, as on its own)
        Map<String, Integer> shareable = new HashMap<>();
        Set<Integer> shareableIndices = new HashSet<>();
        for (Member member : members) {
            int occurrence = occurrences.merge(member.table(), 1, Integer::sum);
            String nth = occurrence == 1 ? "" : "#" + occurrence;
            PhysicalPlan part = member.planned().plan();
            // the INSERT's own sink is its plan's last operator (a LATE_ROWS sink comes before it)
            int ownSink = part.operators().size() - 1;
            int[] merged = new int[part.operators().size()];
            Map<String, Integer> own = new HashMap<>();
            for (int i = 0; i < part.operators().size(); i++) {
                OperatorSpec op = part.operators().get(i);
                List<Integer> mappedInputs = new ArrayList<>();
                for (int input : part.inputsOf(i)) {
                    mappedInputs.add(merged[input]);
                }
                String signature = reuseSources ? signature(op, mappedInputs, shareableIndices) : null;
                Integer existing = signature == null ? null : shareable.get(signature);
                if (existing != null) {
                    merged[i] = existing;
                    continue;
                }
                String id = i == ownSink && op instanceof SinkSpec ? op.id() + nth : op.id() + "@" + member.table() + nth;
                merged[i] = operators.size();
                operators.add(withId(op, id));
                inputs.add(mappedInputs);
                if (signature != null) {
                    own.putIfAbsent(signature, merged[i]);
                    shareableIndices.add(merged[i]);
                }
            }
            own.forEach(shareable::putIfAbsent);
        }
        return new PhysicalPlan(jobName, operators, inputs);
    }

    /**
     * What a source, or a stateless operator right behind a shareable one, computes: two operators
     * with the same signature produce the same rows. Null for everything else (never shared).
     */
    private static String signature(OperatorSpec op, List<Integer> mergedInputs, Set<Integer> shareable) {
        if (op instanceof SourceSpec source) {
            return "source " + source.tableName() + " " + source.outputType() + " " + new TreeMap<>(source.options());
        }
        boolean stateless = op instanceof CalcSpec || op instanceof WatermarkAssignerSpec;
        if (!stateless || mergedInputs.size() != 1 || !shareable.contains(mergedInputs.get(0))) {
            return null;
        }
        boolean readsWatermark = op instanceof CalcSpec calc && calc.readsWatermark();
        return op.getClass().getSimpleName() + " " + op.describe() + " " + op.outputType() + " " + readsWatermark
                + " <- " + mergedInputs.get(0);
    }

    /**
     * {@code spec} with another id. Specs are records whose first component is the id; rebuilding
     * through the canonical constructor keeps this class independent of each spec's fields.
     */
    static OperatorSpec withId(OperatorSpec spec, String id) {
        if (spec.id().equals(id)) {
            return spec;
        }
        Class<?> type = spec.getClass();
        RecordComponent[] components = type.getRecordComponents();
        if (components == null || components.length == 0 || !components[0].getName().equals("id")) {
            throw new IllegalStateException(type.getName() + " is not a record whose first component is its id");
        }
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = i == 0 ? id : components[i].getAccessor().invoke(spec);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (OperatorSpec) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rename operator " + spec.id() + " of " + type.getName(), e);
        }
    }
}
