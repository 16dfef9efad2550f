package dev.weir.state.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Small file-system helpers for snapshot and working directories. */
public final class Dirs {
    private Dirs() {
    }

    /**
     * Creates a snapshot target directory. It may already exist (the executor hands out an empty
     * directory per operator) but must then be empty, so a snapshot never mixes with old files.
     */
    public static void createEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                if (children.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(dir.toString(), null,
                            "snapshot target directory is not empty");
                }
            }
            return;
        }
        Files.createDirectories(dir);
    }

    /** Deletes {@code path} and everything below it; a missing path is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            try {
                Files.delete(p);
            } catch (NoSuchFileException ignored) {
                // removed concurrently (e.g. by RocksDB closing); already gone is what we want
            }
        }
    }

    /**
     * Copies the flat directory {@code source} into new directory {@code target}. Immutable
     * RocksDB table files ({@code *.sst}, {@code *.blob}) are hard-linked when the file system
     * allows it, which makes restoring a large checkpoint cheap; everything else is copied
     * because RocksDB may rewrite it.
     */
    public static void copyFlat(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(source)) {
            list.forEach(files::add);
        }
        for (Path file : files) {
            Path dest = target.resolve(file.getFileName().toString());
            String name = file.getFileName().toString();
            if (name.endsWith(".sst") || name.endsWith(".blob")) {
                try {
                    Files.createLink(dest, file);
                    continue;
                } catch (IOException | UnsupportedOperationException e) {
                    // different file system or no hard links: fall back to a copy
                }
            }
            Files.copy(file, dest);
        }
    }
}
