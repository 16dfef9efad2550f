package dev.weir.executor.connector;

import dev.weir.core.WeirException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds connector factories on the class path. */
public final class Connectors {
    private Connectors() {
    }

    public static Map<String, ConnectorFactory> discover() {
        Map<String, ConnectorFactory> byName = new TreeMap<>();
        for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class)) {
            byName.put(f.identifier(), f);
        }
        return byName;
    }

    public static ConnectorFactory find(String identifier) {
        Map<String, ConnectorFactory> all = discover();
        ConnectorFactory f = all.get(identifier);
        if (f == null) {
            throw new WeirException("Unknown connector '" + identifier + "'. Available connectors: "
                    + String.join(", ", all.keySet()) + ".");
        }
        return f;
    }
}
