package dev.weir.planner.calcite;

import dev.weir.core.type.RowType;
import dev.weir.planner.expr.FlinkFunctions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.Lex;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's parser, validator and SqlToRelConverter, set up for Flink's dialect (backticks,
 * case-sensitive names, STRING/BYTES type names, Flink's functions) over a fixed set of tables
 * and views. Every Calcite error comes out through an {@link ErrorPositioner}.
 */
public final class SqlFrontend implements RelOptTable.ViewExpander {
    private static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
            .withLex(Lex.JAVA)
            .withConformance(FlinkConformance.INSTANCE)
            .withIdentifierMaxLength(1024);
    private static final Pattern CALCITE_POSITION_PREFIX =
            Pattern.compile("^From line \\d+, column \\d+ to line \\d+, column \\d+: ");
    private static final Pattern PARSE_POSITION = Pattern.compile(" at line \\d+, column \\d+\\.?");

    private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);
    private final CalciteCatalogReader catalogReader;
    private final SqlOperatorTable operatorTable;
    private final RelOptCluster cluster;

    /** A validated query with the validator that knows its types. */
    public record Validated(SqlNode node, SqlValidator validator) {
    }

    public SqlFrontend(Map<String, RowType> tables, Map<String, ViewDefinition> views) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (Map.Entry<String, RowType> t : tables.entrySet()) {
            root.add(t.getKey(), new SchemaTable(t.getValue()));
        }
        for (Map.Entry<String, ViewDefinition> v : views.entrySet()) {
            root.add(v.getKey(), new SchemaView(v.getValue()));
        }
        // Flink's names for types Calcite spells differently, so CAST(x AS STRING) validates.
        root.add("STRING", f -> f.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE));
        root.add("BYTES", f -> f.createSqlType(SqlTypeName.VARBINARY, Integer.MAX_VALUE));
        Properties props = new Properties();
        props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        this.catalogReader = new CalciteCatalogReader(root, List.of(), typeFactory,
                new CalciteConnectionConfigImpl(props));
        this.operatorTable = SqlOperatorTables.chain(WindowTableFunctions.operatorTable(),
                FlinkFunctions.operatorTable(),
                WindowTableFunctions.withoutCalciteWindowFunctions(SqlStdOperatorTable.instance()), catalogReader);
        this.cluster = RelOptCluster.create(new VolcanoPlanner(), new RexBuilder(typeFactory));
        // Calcite's default metadata handlers are generated and compiled with Janino on first use,
        // about a second of every JVM start; reflective proxies answer the few metadata questions
        // our rules ask just as well, and start instantly.
        cluster.setMetadataQuerySupplier(() -> new org.apache.calcite.rel.metadata.RelMetadataQuery(
                new org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider(
                        org.apache.calcite.rel.metadata.DefaultRelMetadataProvider.INSTANCE)));
    }

    public JavaTypeFactory typeFactory() {
        return typeFactory;
    }

    public RelOptCluster cluster() {
        return cluster;
    }

    /** Parses one query. */
    public SqlNode parse(String sql, ErrorPositioner at) {
        SqlNode parsed;
        try {
            parsed = SqlParser.create(CollectionTypeSyntax.rewrite(sql), PARSER_CONFIG).parseQuery();
        } catch (SqlParseException e) {
            String message = firstLine(e.getMessage());
            message = PARSE_POSITION.matcher(message).replaceAll("");
            if (!message.endsWith(".")) {
                message = message + ".";
            }
            int line = e.getPos() == null ? 1 : Math.max(1, e.getPos().getLineNum());
            int column = e.getPos() == null ? 1 : Math.max(1, e.getPos().getColumnNum());
            throw at.at(line, column, "SQL parse failed. " + message);
        }
        SessionPartitions.rewrite(parsed, at);
        LegacyGroupWindows.rewrite(parsed);
        return parsed;
    }

    /** Parses and validates one query. */
    public Validated validate(String sql, ErrorPositioner at) {
        return validate(parse(sql, at), at);
    }

    /** Validates a query parsed by {@link #parse}. */
    public Validated validate(SqlNode parsed, ErrorPositioner at) {
        SqlValidator validator = newValidator();
        try {
            return new Validated(validator.validate(parsed), validator);
        } catch (CalciteContextException e) {
            throw at.at(Math.max(1, e.getPosLine()), Math.max(1, e.getPosColumn()), contextMessage(e));
        } catch (RuntimeException e) {
            throw at.at(1, 1, "SQL validation failed. " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** The logical plan of a validated query. */
    public RelRoot toRel(Validated validated) {
        SqlToRelConverter converter = new SqlToRelConverter(this, validated.validator(), catalogReader, cluster,
                StandardConvertletTable.INSTANCE, SqlToRelConverter.config().withTrimUnusedFields(false));
        return converter.convertQuery(validated.node(), false, true);
    }

    @Override
    public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath,
            List<String> viewPath) {
        // Views were validated when created, so errors here mean the catalog changed under them.
        Validated v = validate(queryString, (line, column, message) -> new dev.weir.core.WeirException(
                "View '" + String.join(".", viewPath) + "' no longer validates (" + line + ":" + column + "): "
                        + message + " Drop and re-create the view."));
        return toRel(v);
    }

    private SqlValidator newValidator() {
        return SqlValidatorUtil.newValidator(operatorTable, catalogReader, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withConformance(FlinkConformance.INSTANCE)
                        // Flink's: NULL is the smallest value (ASC NULLS FIRST, DESC NULLS LAST).
                        .withDefaultNullCollation(org.apache.calcite.config.NullCollation.LOW)
                        .withIdentifierExpansion(true));
    }

    static String contextMessage(CalciteContextException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : e.getMessage();
        return CALCITE_POSITION_PREFIX.matcher(firstLine(message)).replaceFirst("");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
