package dev.weir.executor.checkpoint;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Savepoints: checkpoints the user asked for, each a self-contained directory
 * {@code <savepoint-dir>/savepoint-<job>-<n>/} with its own copy of every file (never a hard link
 * into a checkpoint or a RocksDB instance), so retention, a finished job or a deleted checkpoint
 * directory cannot damage it. Weir never deletes a savepoint.
 */
public final class Savepoints {
    static final String PREFIX = "savepoint-";
    private static final String STAGING_SUFFIX = ".inprogress";

    private Savepoints() {
    }

    /**
     * The final directory of savepoint {@code id} of {@code jobName}: {@code savepoint-<job>-<id>}, or
     * {@code savepoint-<job>-<id>-<n>} when that exists already. Checkpoint ids start again at 1 when a
     * job starts afresh, and a savepoint is kept until the user deletes it, so it is never reused.
     */
    public static Path directory(Path root, String jobName, long id) {
        Objects.requireNonNull(root, "root is null");
        String name = PREFIX + CheckpointStorage.fileSafe(jobName) + "-" + id;
        Path base = root.toAbsolutePath().normalize();
        Path dir = base.resolve(name);
        for (int n = 2; Files.exists(dir); n++) {
            dir = base.resolve(name + "-" + n);
        }
        return dir;
    }

    /** Where the operators write their snapshot before it is copied into {@link #directory}; emptied first. */
    public static Path createStaging(Path savepointDir) throws IOException {
        Path staging = savepointDir.resolveSibling("." + savepointDir.getFileName() + STAGING_SUFFIX);
        FileTrees.deleteRecursively(staging);
        Files.createDirectories(staging);
        return staging;
    }

    /** Whether a restore point is a savepoint (so its sink output was committed when it was taken). */
    public static boolean isSavepoint(Path directory) {
        return directory.getFileName() != null && directory.getFileName().toString().startsWith(PREFIX);
    }

    /**
     * Copies the staged snapshot into {@code target} byte by byte, then deletes the staging
     * directory. Copying (not moving) breaks any hard link RocksDB's native checkpoint made to its
     * live files, which is what makes the savepoint independent of the running job.
     */
    public static void copyFromStaging(Path staging, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new IOException("savepoint directory " + target + " exists already");
        }
        Files.walkFileTree(staging, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(staging.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(staging.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
        FileTrees.deleteRecursively(staging);
    }
}
