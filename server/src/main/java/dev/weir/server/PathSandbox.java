package dev.weir.server;

import dev.weir.core.WeirException;
import dev.weir.parser.CreateTable;
import dev.weir.parser.CreateView;
import dev.weir.parser.SetOption;
import dev.weir.parser.Statement;
import dev.weir.parser.TableOption;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which local files a statement sent to the server may name: only those under the directories the
 * operator allowed with {@code weir serve --allow-path DIR} (none by default).
 *
 * <p>An option names a local file or directory when its key's last part is {@code path},
 * {@code dir}, {@code dirs}, {@code file}, {@code location} or {@code directory} (or ends in
 * {@code -path}, {@code -dir}, …): the filesystem connector's {@code path},
 * {@code execution.checkpointing.dir}, {@code state.savepoints.dir},
 * {@code execution.state-recovery.path}, {@code io.tmp.dirs}, a Kafka
 * {@code properties.ssl.truststore.location}, … Such a value, in {@code CREATE TABLE … WITH} or
 * in {@code SET}, is resolved against the server's working directory, normalised, and resolved to
 * its real path (the longest existing part of it, so symbolic links count where they point), and
 * must then lie under an allowed directory, itself taken as its real path. So neither {@code ..}
 * nor a symbolic link leads out.
 *
 * <p>Names that become directory names are checked too: a {@code pipeline.name} or a table name
 * (the default job name {@code insert-into_<table>} names the job's checkpoint directory) may not
 * contain {@code /}, {@code \} or be {@code ..}.
 */
final class PathSandbox {
    private static final Pattern PATH_KEY = Pattern.compile(
            "(?i)(?:^|.*[.\\-_])(?:path|paths|dir|dirs|localdir|localdirs|directory|directories|file|location)$");
    /** Keys whose value may list several paths. */
    private static final Pattern LIST_KEY = Pattern.compile("(?i).*(?:paths|dirs)$");
    private static final Pattern DIRECTORY_NAME_KEY = Pattern.compile("(?i)pipeline\\.name");

    private final List<Path> allowed;

    private PathSandbox(List<Path> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** The sandbox of {@code --allow-path} directories; each must exist and be a directory. */
    static PathSandbox of(List<Path> allowedDirs) {
        List<Path> real = new ArrayList<>();
        for (Path dir : allowedDirs) {
            Path p = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new WeirException("--allow-path " + dir + " is not a directory; create it first, or name an"
                        + " existing one.");
            }
            try {
                real.add(p.toRealPath());
            } catch (IOException e) {
                throw new WeirException("--allow-path " + dir + " cannot be resolved: " + e.getMessage());
            }
        }
        return new PathSandbox(real);
    }

    List<Path> allowed() {
        return allowed;
    }

    static boolean namesLocalPath(String key) {
        return PATH_KEY.matcher(key).matches();
    }

    /** Throws a {@link WeirException} naming the option and {@code --allow-path} if the statement reaches outside. */
    void check(Statement statement) {
        if (statement instanceof CreateTable create) {
            checkDirectoryName("table name", create.name());
            for (TableOption option : create.options()) {
                checkOption(option.key(), option.value(), "CREATE TABLE " + create.name());
            }
        } else if (statement instanceof CreateView view) {
            checkDirectoryName("view name", view.name());
        } else if (statement instanceof SetOption set && set.key() != null) {
            if (DIRECTORY_NAME_KEY.matcher(set.key()).matches()) {
                checkDirectoryName("'" + set.key() + "'", set.value());
            }
            checkOption(set.key(), set.value(), "SET");
        }
    }

    private void checkOption(String key, String value, String where) {
        if (!namesLocalPath(key) || value == null) {
            return;
        }
        if (LIST_KEY.matcher(key).matches()) {
            for (String part : value.split("[,;" + (java.io.File.pathSeparatorChar == ':' ? ":" : "") + "]")) {
                if (!part.isBlank()) {
                    checkPath(key, part.strip(), where);
                }
            }
        } else {
            checkPath(key, value.strip(), where);
        }
    }

    private void checkPath(String key, String value, String where) {
        Path resolved = resolve(key, value);
        for (Path dir : allowed) {
            if (resolved.startsWith(dir)) {
                return;
            }
        }
        throw new WeirException(where + ": option '" + key + "' = '" + value + "' names "
                + (resolved.toString().equals(value) ? "" : resolved + ", ") + "a local path outside the directories"
                + " this server allows. "
                + (allowed.isEmpty()
                        ? "This server allows none: statements sent over JDBC may not name local files. The operator"
                                + " can allow a directory with 'weir serve --allow-path DIR'."
                        : "Allowed (weir serve --allow-path): " + allowed + "."));
    }

    /** The real, absolute, normalised path a value names; a non-file URI is refused. */
    private static Path resolve(String key, String value) {
        Path p;
        try {
            if (value.regionMatches(true, 0, "file:", 0, 5)) {
                p = Path.of(new URI(value));
            } else if (value.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
                throw new WeirException("Option '" + key + "' = '" + value + "': only local paths (or file: URIs)"
                        + " are accepted by this server.");
            } else {
                p = Path.of(value);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new WeirException("Option '" + key + "' = '" + value + "' is not a valid path: " + e.getMessage());
        }
        // not normalised first: "link/.." means the parent of where link points, as the OS reads it
        return realPath(p.toAbsolutePath());
    }

    /**
     * The real path of the longest existing prefix (resolved by the OS, so {@code ..} after a
     * symbolic link goes where the OS goes), with the rest appended and normalised: the rest does
     * not exist, so it holds no link, and a path that does not exist yet (a sink directory)
     * resolves through any symbolic link among its parents.
     */
    static Path realPath(Path absolute) {
        Path existing = absolute;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        Path result;
        try {
            result = existing == null ? absolute.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            // a dangling symbolic link: where it points cannot be known, so it is not trusted
            throw new WeirException("Cannot resolve " + existing + " (" + e.getMessage() + "); a path through a"
                    + " dangling symbolic link is refused.");
        }
        for (Path part : rest) {
            result = result.resolve(part.toString());
        }
        return result.normalize();
    }

    private static void checkDirectoryName(String what, String name) {
        if (name == null) {
            return;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("/") || n.contains("\\") || n.equals("..") || n.equals(".")) {
            throw new WeirException("The " + what + " '" + name + "' may not contain '/' or '\\' or be '.' or '..'"
                    + " on this server: it names the job's checkpoint directory.");
        }
    }
}
