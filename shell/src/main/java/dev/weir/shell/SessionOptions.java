package dev.weir.shell;

import dev.weir.core.config.Configuration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** Options every subcommand shares: configuration values and error verbosity. */
final class SessionOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a configuration value, as SET 'key' = 'value' would (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    Configuration configuration() {
        return Configuration.of(settings);
    }

    static boolean verboseRequested(ParseResult parseResult) {
        ParseResult r = parseResult;
        while (r != null) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
            r = r.hasSubcommand() ? r.subcommand() : null;
        }
        return false;
    }
}
