package dev.weir.connectors.filesystem;

import dev.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the files a filesystem source reads: the file itself, or a directory's visible files in name order. */
final class SourceFiles {
    private SourceFiles() {
    }

    /** Files for one subtask: file {@code i} of the sorted list goes to subtask {@code i % parallelism}. */
    static List<Path> forSubtask(String table, Path path, int subtask, int parallelism) {
        List<Path> all = list(table, path);
        List<Path> mine = new ArrayList<>();
        int p = Math.max(1, parallelism);
        for (int i = 0; i < all.size(); i++) {
            if (i % p == subtask) {
                mine.add(all.get(i));
            }
        }
        return mine;
    }

    static List<Path> list(String table, Path path) {
        if (!Files.exists(path)) {
            throw new WeirException("Table '" + table + "': path '" + path + "' does not exist. Check the 'path' "
                    + "option (a file or a directory).");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new WeirException("Table '" + table + "': cannot list directory '" + path + "': " + e.getMessage(),
                    e);
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }
}
