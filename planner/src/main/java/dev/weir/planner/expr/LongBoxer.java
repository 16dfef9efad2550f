package dev.weir.planner.expr;

/** Boxes a long result into an integral representation, failing on overflow. */
@FunctionalInterface
interface LongBoxer {
    Object box(long value);

    static LongBoxer of(Repr target, String expression) {
        return switch (target) {
            case TINYINT -> v -> {
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    throw Errors.overflow(expression);
                }
                return (byte) v;
            };
            case SMALLINT -> v -> {
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw Errors.overflow(expression);
                }
                return (short) v;
            };
            case INT, INTERVAL_MONTHS -> v -> {
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw Errors.overflow(expression);
                }
                return (int) v;
            };
            case BIGINT, INTERVAL_MILLIS -> Long::valueOf;
            default -> throw new IllegalArgumentException("not integral: " + target);
        };
    }
}
