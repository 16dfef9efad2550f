/**
 * Weir's statement parser: splits a Flink SQL script into statements and parses DDL and utility
 * statements. Entry point: {@link dev.weir.parser.ScriptParser#parse(dev.weir.parser.Script)}.
 *
 * <p>Query bodies and expressions are not parsed here; they are kept as
 * {@link dev.weir.parser.SqlText} (text plus start position) for Calcite, and
 * {@link dev.weir.parser.SqlText#errorAt(int, int, String)} maps a Calcite error back into the
 * script. Every error is an {@link dev.weir.parser.SqlException} whose message shows
 * {@code file:line:column}, the offending line and a caret.
 */
package dev.weir.parser;
