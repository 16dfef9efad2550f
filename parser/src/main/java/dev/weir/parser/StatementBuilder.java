package dev.weir.parser;

import dev.weir.parser.WeirStatementsParser.ColumnConstraintContext;
import dev.weir.parser.WeirStatementsParser.ColumnDefinitionContext;
import dev.weir.parser.WeirStatementsParser.CreateStatementContext;
import dev.weir.parser.WeirStatementsParser.CreateTableContext;
import dev.weir.parser.WeirStatementsParser.CreateViewContext;
import dev.weir.parser.WeirStatementsParser.DropStatementContext;
import dev.weir.parser.WeirStatementsParser.ExplainStatementContext;
import dev.weir.parser.WeirStatementsParser.InlinePrimaryKeyContext;
import dev.weir.parser.WeirStatementsParser.InsertStatementContext;
import dev.weir.parser.WeirStatementsParser.QueryContext;
import dev.weir.parser.WeirStatementsParser.StatementContext;
import dev.weir.parser.WeirStatementsParser.StatementSetBodyContext;
import dev.weir.parser.WeirStatementsParser.StatementSetMemberContext;
import dev.weir.parser.WeirStatementsParser.TableConstraintContext;
import dev.weir.parser.WeirStatementsParser.TableElementContext;
import dev.weir.parser.WeirStatementsParser.TableOptionContext;
import dev.weir.parser.WeirStatementsParser.WatermarkDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds {@link Statement} values from parse trees, and rejects what the grammar accepts but Weir does not. */
final class StatementBuilder {

    private final ParsedSource source;
    private final TypeNames types;

    StatementBuilder(ParsedSource source) {
        this.source = Objects.requireNonNull(source, "source is null");
        this.types = new TypeNames(source);
    }

    Statement build(StatementContext statement) {
        Position position = source.position(statement);
        String text = source.text(statement);
        if (statement.createStatement() != null) {
            return create(statement.createStatement(), position, text);
        }
        if (statement.dropStatement() != null) {
            return drop(statement.dropStatement(), position, text);
        }
        if (statement.insertStatement() != null) {
            return insert(statement.insertStatement());
        }
        if (statement.query() != null) {
            return query(statement.query());
        }
        if (statement.setStatement() != null) {
            WeirStatementsParser.SetStatementContext set = statement.setStatement();
            return set.key == null ? new SetOption(position, text, null, null)
                    : new SetOption(position, text, ParsedSource.stringValue(set.key),
                            ParsedSource.stringValue(set.value));
        }
        if (statement.resetStatement() != null) {
            Token key = statement.resetStatement().key;
            return new ResetOption(position, text, key == null ? null : ParsedSource.stringValue(key));
        }
        if (statement.showStatement() != null) {
            return statement.showStatement().JOBS() != null ? new ShowJobs(position, text)
                    : new ShowTables(position, text);
        }
        if (statement.stopJobStatement() != null) {
            WeirStatementsParser.StopJobStatementContext stop = statement.stopJobStatement();
            return new StopJob(position, text, ParsedSource.stringValue(stop.jobId), stop.SAVEPOINT() != null);
        }
        if (statement.describeStatement() != null) {
            return new Describe(position, text, Identifiers.name(statement.describeStatement().qualifiedName()));
        }
        if (statement.explainStatement() != null) {
            ExplainStatementContext explain = statement.explainStatement();
            Statement explained;
            if (explain.statementSetBody() != null) {
                Token start = explain.EXECUTE() != null ? explain.EXECUTE().getSymbol()
                        : explain.statementSetBody().getStart();
                explained = statementSet(explain.statementSetBody(), start);
            } else {
                explained = explain.query() != null ? query(explain.query()) : insert(explain.insertStatement());
            }
            return new Explain(position, text, explained);
        }
        if (statement.statementSet() != null) {
            return statementSet(statement.statementSet().statementSetBody(), statement.getStart());
        }
        if (statement.beginStatementSet() != null) {
            return new BeginStatementSet(position, text);
        }
        if (statement.endStatementSet() != null) {
            return new EndStatementSet(position, text);
        }
        throw new IllegalStateException("statement kind not handled: " + text);
    }

    private Statement create(CreateStatementContext create, Position position, String text) {
        boolean temporary = create.TEMPORARY() != null;
        if (create.createView() != null) {
            CreateViewContext view = create.createView();
            List<String> columns = Identifiers.names(view.identifier());
            checkUnique(columns, view.identifier(), "column", "view '" + Identifiers.name(view.qualifiedName()) + "'");
            return new CreateView(position, text, Identifiers.name(view.qualifiedName()), temporary,
                    view.ifNotExists() != null, columns, source.sqlText(view.query()));
        }
        return new TableBuilder(create.createTable()).build(position, text, temporary);
    }

    private Statement drop(DropStatementContext drop, Position position, String text) {
        String name = Identifiers.name(drop.qualifiedName());
        boolean ifExists = drop.EXISTS() != null;
        return drop.TABLE() != null ? new DropTable(position, text, name, ifExists)
                : new DropView(position, text, name, ifExists);
    }

    private Insert insert(InsertStatementContext insert) {
        if (insert.OVERWRITE() != null) {
            throw source.error(insert.OVERWRITE().getSymbol(), "INSERT OVERWRITE is not supported: Weir appends to "
                    + "or upserts into streaming sinks; use INSERT INTO");
        }
        List<String> columns = Identifiers.names(insert.identifier());
        String table = Identifiers.name(insert.qualifiedName());
        checkUnique(columns, insert.identifier(), "column", "the column list of INSERT INTO " + table);
        return new Insert(source.position(insert), source.text(insert), table,
                source.position(insert.qualifiedName()), columns, source.sqlText(insert.query()));
    }

    /** The INSERTs between BEGIN and END; anything else there is named and refused. */
    private StatementSet statementSet(StatementSetBodyContext body, Token start) {
        List<Insert> inserts = new ArrayList<>();
        for (StatementSetMemberContext member : body.statementSetMember()) {
            if (member.insertStatement() == null) {
                throw source.error(member, kind(member) + " cannot stand in a statement set: only INSERT INTO "
                        + "statements may stand between BEGIN and END. Move it before the statement set.");
            }
            inserts.add(insert(member.insertStatement()));
        }
        if (inserts.isEmpty()) {
            throw source.error(body.END().getSymbol(), "The statement set is empty: write one or more INSERT INTO "
                    + "statements, each ended by ';', between BEGIN and END");
        }
        return new StatementSet(source.position(start), source.text(start, body.getStop()), inserts);
    }

    /** What a statement that may not stand in a statement set is, for the error message. */
    private static String kind(StatementSetMemberContext member) {
        if (member.createStatement() != null) {
            return member.createStatement().createTable() != null ? "CREATE TABLE" : "CREATE VIEW";
        }
        if (member.dropStatement() != null) {
            return member.dropStatement().TABLE() != null ? "DROP TABLE" : "DROP VIEW";
        }
        if (member.query() != null) {
            return "A query (" + member.getStart().getText().toUpperCase(java.util.Locale.ROOT) + " ...)";
        }
        if (member.showStatement() != null) {
            return member.showStatement().JOBS() != null ? "SHOW JOBS" : "SHOW TABLES";
        }
        if (member.stopJobStatement() != null) {
            return "STOP JOB";
        }
        if (member.statementSet() != null) {
            return "A nested EXECUTE STATEMENT SET";
        }
        if (member.beginStatementSet() != null) {
            return "BEGIN STATEMENT SET";
        }
        return member.getStart().getText().toUpperCase(java.util.Locale.ROOT); // SET, RESET, DESCRIBE, EXPLAIN
    }

    private Query query(QueryContext query) {
        return new Query(source.position(query), source.text(query), source.sqlText(query));
    }

    private void checkUnique(List<String> names, List<? extends ParserRuleContext> nodes, String what, String where) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer first = seen.putIfAbsent(names.get(i), i);
            if (first != null) {
                throw source.error(nodes.get(i), "Duplicate " + what + " '" + names.get(i) + "' in " + where
                        + " (first at " + source.position(nodes.get(first)) + "); each name may appear once");
            }
        }
    }

    /** Collects the elements of one CREATE TABLE and checks that they fit together. */
    private final class TableBuilder {

        private final CreateTableContext table;
        private final String name;
        private final List<ColumnDef> columns = new ArrayList<>();
        private final Map<String, ColumnDef> columnsByName = new HashMap<>();
        private WatermarkDef watermark;
        private Position watermarkPosition;
        private List<String> primaryKey = List.of();
        private List<WeirStatementsParser.IdentifierContext> primaryKeyNodes = List.of();
        private Position primaryKeyPosition;

        TableBuilder(CreateTableContext table) {
            this.table = table;
            this.name = Identifiers.name(table.qualifiedName());
        }

        CreateTable build(Position position, String text, boolean temporary) {
            for (TableElementContext element : table.tableElement()) {
                if (element.columnDefinition() != null) {
                    column(element.columnDefinition());
                } else if (element.watermarkDefinition() != null) {
                    watermark(element.watermarkDefinition());
                } else {
                    tableConstraint(element.tableConstraint());
                }
            }
            if (columns.isEmpty()) {
                throw source.error(table.qualifiedName(), "Table '" + name + "' declares no columns; "
                        + "add at least one column, e.g. id BIGINT");
            }
            checkWatermarkColumn();
            checkPrimaryKeyColumns();
            String comment = table.comment == null ? null : ParsedSource.stringValue(table.comment);
            return new CreateTable(position, text, name, temporary, table.ifNotExists() != null, columns, watermark,
                    primaryKey, options(), comment);
        }

        private void column(ColumnDefinitionContext definition) {
            String column = Identifiers.name(definition.identifier());
            Position position = source.position(definition);
            ColumnDef previous = columnsByName.get(column);
            if (previous != null) {
                throw source.error(definition, "Duplicate column '" + column + "' in table '" + name
                        + "' (first defined at " + previous.position() + "); rename one of them");
            }
            ColumnDef result;
            if (definition.expression() != null) {
                result = new ComputedColumn(column, source.sqlText(definition.expression()), position);
            } else if (definition.metadata() != null) {
                WeirStatementsParser.MetadataContext metadata = definition.metadata();
                TypeSpec type = types.resolve(definition.dataType(), column);
                String key = metadata.key == null ? column : ParsedSource.stringValue(metadata.key);
                if (key.isEmpty()) {
                    throw source.error(metadata.key, "The metadata key of column '" + column + "' is empty; "
                            + "write METADATA FROM 'key' with a key of the connector, or leave out FROM to use "
                            + "the column name");
                }
                result = new MetadataColumn(column, type, key, metadata.VIRTUAL() != null, position);
            } else {
                TypeSpec type = types.resolve(definition.dataType(), column);
                result = new PhysicalColumn(column, type, nullability(definition, column), position);
            }
            columns.add(result);
            columnsByName.put(column, result);
        }

        private boolean nullability(ColumnDefinitionContext definition, String column) {
            Boolean notNull = null;
            for (ColumnConstraintContext constraint : definition.columnConstraint()) {
                if (constraint instanceof InlinePrimaryKeyContext primary) {
                    checkEnforcement(primary.enforced, primary.KEY().getSymbol());
                    setPrimaryKey(List.of(column), List.of(definition.identifier()), source.position(primary));
                    continue;
                }
                boolean isNotNull = constraint instanceof WeirStatementsParser.NotNullConstraintContext;
                if (notNull != null && notNull != isNotNull) {
                    throw source.error(constraint, "Column '" + column + "' is declared both NULL and NOT NULL; "
                            + "keep one of them");
                }
                notNull = isNotNull;
            }
            return notNull != null && notNull;
        }

        private void watermark(WatermarkDefinitionContext definition) {
            if (watermark != null) {
                throw source.error(definition, "Table '" + name + "' has more than one WATERMARK (the first is at "
                        + watermarkPosition + "); a table can have only one");
            }
            watermarkPosition = source.position(definition);
            watermark = new WatermarkDef(Identifiers.name(definition.identifier()),
                    source.position(definition.identifier()), source.sqlText(definition.expression()));
        }

        private void tableConstraint(TableConstraintContext constraint) {
            checkEnforcement(constraint.enforced, constraint.RPAREN().getSymbol());
            List<String> keyColumns = Identifiers.names(constraint.identifier().subList(
                    constraint.CONSTRAINT() == null ? 0 : 1, constraint.identifier().size()));
            List<WeirStatementsParser.IdentifierContext> nodes = constraint.identifier().subList(
                    constraint.CONSTRAINT() == null ? 0 : 1, constraint.identifier().size());
            checkUnique(keyColumns, nodes, "column", "the PRIMARY KEY of table '" + name + "'");
            setPrimaryKey(keyColumns, nodes, source.position(constraint));
        }

        private void checkEnforcement(Token enforced, Token after) {
            if (enforced == null) {
                throw source.error(after, "PRIMARY KEY must be declared NOT ENFORCED: Weir does not own the data, "
                        + "so it cannot enforce the key; write PRIMARY KEY (...) NOT ENFORCED");
            }
        }

        private void setPrimaryKey(List<String> keyColumns, List<WeirStatementsParser.IdentifierContext> nodes,
                Position position) {
            if (primaryKeyPosition != null) {
                throw new SqlException(source.script(), position, "Table '" + name
                        + "' has more than one PRIMARY KEY (the first is at " + primaryKeyPosition
                        + "); declare one key, listing all its columns: PRIMARY KEY (a, b) NOT ENFORCED");
            }
            primaryKey = List.copyOf(keyColumns);
            primaryKeyNodes = nodes;
            primaryKeyPosition = position;
        }

        private void checkWatermarkColumn() {
            if (watermark != null && !columnsByName.containsKey(watermark.column())) {
                throw new SqlException(source.script(), watermark.columnPosition(), "WATERMARK column '"
                        + watermark.column() + "' is not a column of table '" + name + "'. Columns: "
                        + columnNames() + ".");
            }
        }

        private void checkPrimaryKeyColumns() {
            for (int i = 0; i < primaryKey.size(); i++) {
                ColumnDef column = columnsByName.get(primaryKey.get(i));
                if (column == null) {
                    throw source.error(primaryKeyNodes.get(i), "PRIMARY KEY column '" + primaryKey.get(i)
                            + "' is not a column of table '" + name + "'. Columns: " + columnNames() + ".");
                }
                if (!(column instanceof PhysicalColumn)) {
                    throw source.error(primaryKeyNodes.get(i), "PRIMARY KEY column '" + primaryKey.get(i)
                            + "' is a " + (column instanceof MetadataColumn ? "metadata" : "computed")
                            + " column; a primary key may only use physical columns");
                }
            }
        }

        private String columnNames() {
            StringBuilder names = new StringBuilder();
            for (ColumnDef column : columns) {
                names.append(names.length() == 0 ? "" : ", ").append(column.name());
            }
            return names.toString();
        }

        private List<TableOption> options() {
            Map<String, TableOption> byKey = new LinkedHashMap<>();
            for (TableOptionContext option : table.tableOption()) {
                TableOption parsed = new TableOption(ParsedSource.stringValue(option.key),
                        ParsedSource.stringValue(option.value), source.position(option.key));
                TableOption previous = byKey.putIfAbsent(parsed.key(), parsed);
                if (previous != null) {
                    throw new SqlException(source.script(), parsed.position(), "Duplicate option '" + parsed.key()
                            + "' in table '" + name + "' (first set at " + previous.position() + "); keep one");
                }
            }
            return List.copyOf(byKey.values());
        }
    }
}
