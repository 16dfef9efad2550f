package dev.weir.connectors.format;

/**
 * A record that cannot be decoded; the message says which column and value failed. The reader
 * adds the file and line, then fails the job or skips the record.
 */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message, null, false, false);
    }

    /** The standard message for a value that does not parse as its column's type. */
    public static BadRecordException value(String text, Object type, String column) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return new BadRecordException("cannot parse '" + shown + "' as " + type + " for column '" + column + "'");
    }
}
