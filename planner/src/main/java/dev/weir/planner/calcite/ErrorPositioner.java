package dev.weir.planner.calcite;

/**
 * Turns a position inside the SQL text Calcite saw (1-based line and column) into the user's
 * error, positioned in their script. Each caller knows how its Calcite text maps back: a query
 * maps 1:1, a computed-column expression wrapped in {@code SELECT ...} shifts on the first line.
 */
@FunctionalInterface
public interface ErrorPositioner {
    RuntimeException at(int line, int column, String message);
}
