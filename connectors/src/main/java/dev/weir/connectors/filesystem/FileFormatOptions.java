package dev.weir.connectors.filesystem;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.TableContext;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The parsed options of a {@code filesystem} table.
 *
 * @param table             the table name, for messages
 * @param path              the file or directory
 * @param format            csv, json or debezium-json (a changelog: +I, -U/+U and -D rows)
 * @param fieldDelimiter    csv field delimiter
 * @param quoteCharacter    csv quote character, or -1 when quoting is disabled
 * @param escapeCharacter   csv escape character, or -1 when none
 * @param allowComments     csv: skip lines starting with '#'
 * @param nullLiteral       csv: text that reads and writes as NULL, or null when none
 * @param ignoreParseErrors skip (and count) malformed records instead of failing
 * @param failOnMissingField json: a missing field fails instead of reading as NULL
 * @param isoTimestamps     json: write timestamps as ISO-8601 ({@code T} separator) instead of SQL
 * @param zone              the session time zone, for TIMESTAMP_LTZ text without an offset
 */
public record FileFormatOptions(String table, Path path, Format format, char fieldDelimiter, int quoteCharacter,
        int escapeCharacter, boolean allowComments, String nullLiteral, boolean ignoreParseErrors,
        boolean failOnMissingField, boolean isoTimestamps, ZoneId zone) {

    /** The supported file formats. */
    public enum Format {
        CSV("csv", "csv"), JSON("json", "json"),
        /** One Debezium JSON event per line: the sink writes every change (+I, -U, +U, -D), not only inserts. */
        DEBEZIUM_JSON("debezium-json", "json");

        private final String optionValue;
        private final String extension;

        Format(String optionValue, String extension) {
            this.optionValue = optionValue;
            this.extension = extension;
        }

        /** The file name extension of part files. */
        public String extension() {
            return extension;
        }

        /** The value of the {@code 'format'} option. */
        public String optionValue() {
            return optionValue;
        }

        /** Whether each line is a change event, so a sink writes updates and deletes too. */
        public boolean isChangelog() {
            return this == DEBEZIUM_JSON;
        }
    }

    /** The option that makes a source skip (and count) malformed records of {@code format}, as Flink names it. */
    static String ignoreParseErrorsKey(Format format) {
        return switch (format) {
            case CSV -> CSV_IGNORE_PARSE_ERRORS;
            case JSON -> JSON_IGNORE_PARSE_ERRORS;
            case DEBEZIUM_JSON -> DEBEZIUM_IGNORE_PARSE_ERRORS;
        };
    }

    static final String PATH = "path";
    static final String FORMAT = "format";
    static final String CSV_FIELD_DELIMITER = "csv.field-delimiter";
    static final String CSV_QUOTE_CHARACTER = "csv.quote-character";
    static final String CSV_ALLOW_COMMENTS = "csv.allow-comments";
    static final String CSV_IGNORE_PARSE_ERRORS = "csv.ignore-parse-errors";
    static final String CSV_NULL_LITERAL = "csv.null-literal";
    static final String CSV_DISABLE_QUOTE_CHARACTER = "csv.disable-quote-character";
    static final String CSV_ESCAPE_CHARACTER = "csv.escape-character";
    static final String JSON_IGNORE_PARSE_ERRORS = "json.ignore-parse-errors";
    static final String DEBEZIUM_IGNORE_PARSE_ERRORS = "debezium-json.ignore-parse-errors";
    static final String JSON_FAIL_ON_MISSING_FIELD = "json.fail-on-missing-field";
    static final String JSON_TIMESTAMP_FORMAT_STANDARD = "json.timestamp-format.standard";
    /** Accepted for Flink compatibility and ignored: directories are read once, not monitored. */
    static final String SOURCE_MONITOR_INTERVAL = "source.monitor-interval";

    /** The job option holding the session time zone. */
    public static final String LOCAL_TIME_ZONE = "table.local-time-zone";

    public FileFormatOptions {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(path, "path is null");
        Objects.requireNonNull(format, "format is null");
        Objects.requireNonNull(zone, "zone is null");
    }

    /** Parses and checks the options, throwing a {@link WeirException} naming the bad key. */
    public static FileFormatOptions from(TableContext context) {
        ConnectorOptions o = new ConnectorOptions(context.tableName(), context.options());
        FileSystemConnectorFactory factory = new FileSystemConnectorFactory();
        o.checkKeys(FileSystemConnectorFactory.IDENTIFIER, factory.requiredOptions(), factory.optionalOptions());
        String formatText = o.raw(FORMAT).trim().toLowerCase(Locale.ROOT);
        Format format = switch (formatText) {
            case "csv" -> Format.CSV;
            case "json" -> Format.JSON;
            case "debezium-json" -> Format.DEBEZIUM_JSON;
            default -> throw o.invalid(FORMAT, o.raw(FORMAT), "'csv', 'json' or 'debezium-json'");
        };
        String prefix = switch (format) {
            case CSV -> "csv.";
            case JSON -> "json.";
            case DEBEZIUM_JSON -> "debezium-json.";
        };
        for (String key : o.all().keySet()) {
            if ((key.startsWith("csv.") || key.startsWith("json.")) && !key.startsWith(prefix)) {
                throw new WeirException("Table '" + context.tableName() + "': option '" + key
                        + "' does not apply to 'format' = '" + formatText + "'. Remove it or change the format.");
            }
        }
        String pathText = o.raw(PATH).trim();
        if (pathText.isEmpty()) {
            throw o.invalid(PATH, o.raw(PATH), "a file or directory path");
        }
        if (pathText.startsWith("file://")) {
            pathText = pathText.substring("file://".length());
        } else if (pathText.startsWith("file:")) {
            pathText = pathText.substring("file:".length());
        }
        char delimiter = o.getChar(CSV_FIELD_DELIMITER, ',');
        boolean disableQuote = o.getBoolean(CSV_DISABLE_QUOTE_CHARACTER, false);
        if (disableQuote && o.has(CSV_QUOTE_CHARACTER)) {
            throw new WeirException("Table '" + context.tableName() + "': options '" + CSV_QUOTE_CHARACTER + "' and '"
                    + CSV_DISABLE_QUOTE_CHARACTER + "' contradict each other. Remove one of them.");
        }
        int quote = disableQuote ? -1 : o.getChar(CSV_QUOTE_CHARACTER, '"');
        int escape = o.has(CSV_ESCAPE_CHARACTER) ? o.getChar(CSV_ESCAPE_CHARACTER, '\\') : -1;
        checkAscii(o, CSV_FIELD_DELIMITER, delimiter);
        if (quote >= 0) {
            checkAscii(o, CSV_QUOTE_CHARACTER, (char) quote);
        }
        if (escape >= 0) {
            checkAscii(o, CSV_ESCAPE_CHARACTER, (char) escape);
        }
        if (quote == delimiter || escape == delimiter) {
            throw new WeirException("Table '" + context.tableName() + "': the csv field delimiter '" + delimiter
                    + "' must differ from the quote and escape characters.");
        }
        boolean ignore = o.getBoolean(ignoreParseErrorsKey(format), false);
        boolean failOnMissing = o.getBoolean(JSON_FAIL_ON_MISSING_FIELD, false);
        if (failOnMissing && ignore) {
            throw new WeirException("Table '" + context.tableName() + "': '" + JSON_FAIL_ON_MISSING_FIELD + "' and '"
                    + JSON_IGNORE_PARSE_ERRORS + "' cannot both be true. Set one of them to false.");
        }
        String standard = o.getString(JSON_TIMESTAMP_FORMAT_STANDARD, "SQL").trim().toUpperCase(Locale.ROOT);
        if (!Set.of("SQL", "ISO-8601").contains(standard)) {
            throw o.invalid(JSON_TIMESTAMP_FORMAT_STANDARD, o.raw(JSON_TIMESTAMP_FORMAT_STANDARD), "'SQL' or 'ISO-8601'");
        }
        o.getBoolean(CSV_ALLOW_COMMENTS, false);
        ZoneId zone = zone(context);
        return new FileFormatOptions(context.tableName(), Paths.get(pathText), format, delimiter, quote, escape,
                o.getBoolean(CSV_ALLOW_COMMENTS, false), o.raw(CSV_NULL_LITERAL), ignore, failOnMissing,
                standard.equals("ISO-8601"), zone);
    }

    /** The session time zone ({@code table.local-time-zone}, default UTC). */
    public static ZoneId zone(TableContext context) {
        String text = context.jobConfig().getString(LOCAL_TIME_ZONE);
        if (text == null || text.isBlank() || text.equalsIgnoreCase("default")) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (RuntimeException e) {
            throw new WeirException("Invalid value '" + text + "' for option '" + LOCAL_TIME_ZONE
                    + "': expected a time zone id such as 'UTC' or 'Europe/Berlin'.");
        }
    }

    private static void checkAscii(ConnectorOptions o, String key, char c) {
        if (c > 127 || c == '\n' || c == '\r') {
            throw o.invalid(key, o.raw(key), "a single ASCII character other than a line break");
        }
    }
}
