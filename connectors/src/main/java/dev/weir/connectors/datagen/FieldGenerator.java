package dev.weir.connectors.datagen;

import java.math.BigDecimal;

/**
 * Produces the value of one field for a global row index. Implementations are pure functions
 * of the row index (plus fixed parameters), so replay after restore is exact.
 */
abstract class FieldGenerator {
    abstract Object value(long row);

    /** Wraps a generator so that about {@code rate} of the values are NULL. */
    static FieldGenerator nullable(FieldGenerator inner, double rate, long salt) {
        if (rate <= 0) {
            return inner;
        }
        return new FieldGenerator() {
            @Override
            Object value(long row) {
                return Hashing.unit(Hashing.of(salt, row)) < rate ? null : inner.value(row);
            }
        };
    }

    /** {@code start + row}, converted to the column type. */
    static final class Sequence extends FieldGenerator {
        enum Target { TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, STRING }

        private final long start;
        private final Target target;
        private final int scale;

        Sequence(long start, Target target, int scale) {
            this.start = start;
            this.target = target;
            this.scale = scale;
        }

        @Override
        Object value(long row) {
            long v = start + row;
            return switch (target) {
                case TINYINT -> (byte) v;
                case SMALLINT -> (short) v;
                case INT -> (int) v;
                case BIGINT -> v;
                case FLOAT -> (float) v;
                case DOUBLE -> (double) v;
                case DECIMAL -> BigDecimal.valueOf(v).setScale(scale);
                case STRING -> Long.toString(v);
            };
        }
    }

    /** Uniform integers in [min, max], boxed as the column's type. */
    static final class RandomLong extends FieldGenerator {
        enum Target { TINYINT, SMALLINT, INT, BIGINT, DATE, TIME, TIMESTAMP }

        private final long salt;
        private final long min;
        private final long max;
        private final Target target;
        private final long truncateTo;

        RandomLong(long salt, long min, long max, Target target, long truncateTo) {
            this.salt = salt;
            this.min = min;
            this.max = max;
            this.target = target;
            this.truncateTo = truncateTo;
        }

        @Override
        Object value(long row) {
            long v = Hashing.between(Hashing.of(salt, row), min, max);
            return switch (target) {
                case TINYINT -> (byte) v;
                case SMALLINT -> (short) v;
                case INT, DATE, TIME -> (int) v;
                case BIGINT -> v;
                case TIMESTAMP -> truncateTo > 1 ? Math.floorDiv(v, truncateTo) * truncateTo : v;
            };
        }
    }

    /** Uniform doubles in [min, max). */
    static final class RandomDouble extends FieldGenerator {
        private final long salt;
        private final double min;
        private final double span;
        private final boolean asFloat;

        RandomDouble(long salt, double min, double max, boolean asFloat) {
            this.salt = salt;
            this.min = min;
            this.span = max - min;
            this.asFloat = asFloat;
        }

        @Override
        Object value(long row) {
            double d = min + Hashing.unit(Hashing.of(salt, row)) * span;
            return asFloat ? (Object) (float) d : (Object) d;
        }
    }

    /** Uniform decimals: a random unscaled value in [min, max] at the column's scale. */
    static final class RandomDecimal extends FieldGenerator {
        private final long salt;
        private final long minUnscaled;
        private final long maxUnscaled;
        private final int scale;

        RandomDecimal(long salt, long minUnscaled, long maxUnscaled, int scale) {
            this.salt = salt;
            this.minUnscaled = minUnscaled;
            this.maxUnscaled = maxUnscaled;
            this.scale = scale;
        }

        @Override
        Object value(long row) {
            return BigDecimal.valueOf(Hashing.between(Hashing.of(salt, row), minUnscaled, maxUnscaled), scale);
        }
    }

    static final class RandomBoolean extends FieldGenerator {
        private final long salt;

        RandomBoolean(long salt) {
            this.salt = salt;
        }

        @Override
        Object value(long row) {
            return (Hashing.of(salt, row) & 1) == 0 ? Boolean.FALSE : Boolean.TRUE;
        }
    }

    /** Random lower-case hex strings (as Flink's generator produces) or random bytes. */
    static final class RandomChars extends FieldGenerator {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final long salt;
        private final int length;
        private final boolean bytes;

        RandomChars(long salt, int length, boolean bytes) {
            this.salt = salt;
            this.length = length;
            this.bytes = bytes;
        }

        @Override
        Object value(long row) {
            long base = Hashing.of(salt, row);
            if (bytes) {
                byte[] b = new byte[length];
                long h = 0;
                for (int i = 0; i < length; i++) {
                    if ((i & 7) == 0) {
                        h = Hashing.mix(base + i);
                    }
                    b[i] = (byte) h;
                    h >>>= 8;
                }
                return b;
            }
            char[] c = new char[length];
            long h = 0;
            for (int i = 0; i < length; i++) {
                if ((i & 15) == 0) {
                    h = Hashing.mix(base + i);
                }
                c[i] = HEX[(int) (h & 0xF)];
                h >>>= 4;
            }
            return new String(c);
        }
    }
}
