package dev.weir.connectors.format;

/** Turns the bytes of one record (without its line terminator) into a row's values. */
public interface RowDecoder {
    Object[] decode(byte[] buf, int offset, int length) throws BadRecordException;
}
