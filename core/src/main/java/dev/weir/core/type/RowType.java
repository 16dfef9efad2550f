package dev.weir.core.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The schema of a row: named, typed fields in order. */
public final class RowType {
    /** One named field. */
    public record Field(String name, DataType type) {
        public Field {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }
    }

    private final List<Field> fields;

    public RowType(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Field> fields() {
        return fields;
    }

    public int arity() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public DataType type(int index) {
        return fields.get(index).type();
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /** Index of the field with this exact name, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowType r && fields.equals(r.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ROW<");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('`').append(fields.get(i).name()).append("` ").append(fields.get(i).type());
        }
        return sb.append('>').toString();
    }

    /** Collects fields in order. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, DataType type) {
            fields.add(new Field(name, type));
            return this;
        }

        public RowType build() {
            return new RowType(fields);
        }
    }
}
