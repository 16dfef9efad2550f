package dev.weir.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks at one job's checkpoint directory ({@code <execution.checkpointing.dir>/<pipeline.name>}) from
 * outside the child JVM writing it. Lists directories instead of walking trees: a walk races with
 * retention deleting old checkpoints.
 */
record CheckpointWatch(Path jobDir) {
    /** The highest {@code chk-N} with a {@code _metadata} file; 0 if none. */
    long highestComplete() {
        long highest = 0;
        for (Path chk : checkpointDirs()) {
            if (Files.exists(chk.resolve("_metadata"))) {
                highest = Math.max(highest, id(chk));
            }
        }
        return highest;
    }

    /** The highest {@code chk-N} directory, complete or still being written; 0 if none. */
    long highestStarted() {
        long highest = 0;
        for (Path chk : checkpointDirs()) {
            highest = Math.max(highest, id(chk));
        }
        return highest;
    }

    Path checkpoint(long id) {
        return jobDir.resolve("chk-" + id);
    }

    /** Every regular file of checkpoint {@code id} below its operator directories (state, not {@code _metadata}). */
    List<Path> stateFiles(long id) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoint(id))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("_metadata"))
                    .sorted()
                    .toList();
        }
    }

    private List<Path> checkpointDirs() {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(jobDir)) {
            return dirs;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(jobDir, "chk-*")) {
            for (Path p : entries) {
                dirs.add(p);
            }
        } catch (NoSuchFileException e) {
            // a finished job removed its checkpoints while we listed them
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }

    private static long id(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }
}
