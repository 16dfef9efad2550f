package dev.weir.parser;

/**
 * A place in a script: 1-based line and 1-based column, counted in characters (code points),
 * relative to the whole script.
 */
public record Position(int line, int column) {

    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based but were " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
