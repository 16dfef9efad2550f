package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;

/** Small rewrites of Calcite expressions and programs that several translators share. */
final class RexPrograms {
    private RexPrograms() {
    }

    /** A program's projections with its local references expanded. */
    static List<RexNode> expand(RexProgram program) {
        List<RexNode> exprs = new ArrayList<>();
        for (var ref : program.getProjectList()) {
            exprs.add(program.expandLocalRef(ref));
        }
        return exprs;
    }

    /** A program's condition, expanded; null when it has none. */
    static RexNode condition(RexProgram program) {
        return program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    }

    /** {@code e} over a projection's output rewritten over its input. */
    static RexNode inline(RexNode e, List<RexNode> below) {
        if (e == null) {
            return null;
        }
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return below.get(ref.getIndex());
            }
        });
    }

    static List<RexNode> inline(List<RexNode> exprs, List<RexNode> below) {
        List<RexNode> out = new ArrayList<>();
        for (RexNode e : exprs) {
            out.add(inline(e, below));
        }
        return out;
    }

    /** {@code e} with each input reference {@code i} replaced by {@code map[i]}. */
    static RexNode remap(RexNode e, int[] map) {
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(map[ref.getIndex()], ref.getType());
            }
        });
    }

    /** Whether {@code map} maps every index to itself. */
    static boolean isIdentity(int[] map) {
        for (int i = 0; i < map.length; i++) {
            if (map[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code exprs} are exactly the input's columns, in order. */
    static boolean isIdentityProjection(List<RexNode> exprs, int inputArity) {
        if (exprs.size() != inputArity) {
            return false;
        }
        for (int i = 0; i < exprs.size(); i++) {
            if (!(exprs.get(i) instanceof RexInputRef ref) || ref.getIndex() != i) {
                return false;
            }
        }
        return true;
    }

    /** The row type of {@code exprs} named {@code names} (made unique), built by {@code context}'s type factory. */
    static RelDataType rowType(RelNode context, List<RexNode> exprs, List<String> names) {
        var builder = context.getCluster().getTypeFactory().builder();
        for (int i = 0; i < exprs.size(); i++) {
            builder.add(names.get(i), exprs.get(i).getType());
        }
        return builder.uniquify().build();
    }
}
