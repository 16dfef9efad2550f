package dev.weir.executor.checkpoint;

import dev.weir.core.WeirException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one job under {@code <root>/<job>/chk-<n>/}: writes {@code _metadata}
 * atomically and durably, keeps the newest {@code num-retained} complete checkpoints, and finds
 * the newest valid one to restore, verifying every file's size and CRC32C.
 *
 * <p>A {@code chk-<n>} directory without {@code _metadata} is an incomplete checkpoint (the job
 * died while writing it): it is ignored on restore and deleted by retention. A complete one that
 * fails verification is damaged: the {@link DamagedCheckpointPolicy} decides between falling back
 * to an older one and refusing to start; with none left that verifies, the restore always fails.
 */
public final class CheckpointStorage {
    public static final String METADATA_FILE = "_metadata";
    private static final String METADATA_TMP = "_metadata.tmp";
    private static final String PREFIX = "chk-";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

    private final Path jobDir;
    private final int numRetained;
    private final DamagedCheckpointPolicy onDamaged;

    public CheckpointStorage(Path jobDir, int numRetained) {
        this(jobDir, numRetained, DamagedCheckpointPolicy.FALLBACK);
    }

    /** @param onDamaged what a restore does when the newest complete checkpoint fails verification */
    public CheckpointStorage(Path jobDir, int numRetained, DamagedCheckpointPolicy onDamaged) {
        this.jobDir = jobDir.toAbsolutePath().normalize();
        if (numRetained < 1) {
            throw new WeirException("state.checkpoints.num-retained must be at least 1, got " + numRetained + ".");
        }
        this.numRetained = numRetained;
        this.onDamaged = java.util.Objects.requireNonNull(onDamaged, "onDamaged is null");
    }

    /** A file-system-safe form of a job or operator name. */
    public static String fileSafe(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        String s = sb.toString();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "job" : s;
    }

    public Path jobDir() {
        return jobDir;
    }

    /** The highest checkpoint number of any directory here, complete or not; 0 if none. */
    public long highestCheckpointId() throws IOException {
        TreeMap<Long, Path> all = listCheckpointDirs(jobDir);
        return all.isEmpty() ? 0 : all.lastKey();
    }

    /** Creates an empty directory for checkpoint {@code id}, removing leftovers of an earlier attempt. */
    public Path createCheckpointDir(long id) throws IOException {
        Path dir = jobDir.resolve(PREFIX + id);
        FileTrees.deleteRecursively(dir);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Completes a checkpoint whose state files are in place: checksums and fsyncs them, then writes
     * {@code _metadata} (temp file, fsync, rename, fsync of the directory). Only after this returns
     * may external commits happen.
     */
    public CheckpointMetadata complete(Path checkpointDir, String jobName, long checkpointId, long timestampMillis,
            byte[] sourcePosition, byte[] sinkCommittable, List<String> operatorIds) throws IOException {
        return complete(checkpointDir, jobName, checkpointId, timestampMillis, 1,
                java.util.Collections.singletonList(sourcePosition), java.util.Collections.singletonList(sinkCommittable),
                operatorIds);
    }

    /** As above, for a job of {@code parallelism} subtasks: one position and one committable per subtask. */
    public CheckpointMetadata complete(Path checkpointDir, String jobName, long checkpointId, long timestampMillis,
            int parallelism, List<byte[]> sourcePositions, List<byte[]> sinkCommittables, List<String> operatorIds)
            throws IOException {
        List<CheckpointMetadata.FileEntry> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        Files.walkFileTree(checkpointDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                dirs.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!name.equals(METADATA_FILE) && !name.equals(METADATA_TMP)) {
                    long size = attrs.size();
                    files.add(new CheckpointMetadata.FileEntry(relative(checkpointDir, file), size,
                            crc32c(file, true)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        for (Path dir : dirs) {
            fsyncDirectory(dir);
        }
        CheckpointMetadata metadata = new CheckpointMetadata(jobName, checkpointId, timestampMillis, parallelism,
                sourcePositions, sinkCommittables, operatorIds, files);
        Path tmp = checkpointDir.resolve(METADATA_TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(metadata.encode());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, checkpointDir.resolve(METADATA_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The checkpoint directory " + checkpointDir
                    + " does not support atomic renames; choose another execution.checkpointing.dir.", e);
        }
        fsyncDirectory(checkpointDir);
        return metadata;
    }

    /** Keeps the newest {@code num-retained} complete checkpoints; deletes older ones and incomplete ones. */
    public void applyRetention() throws IOException {
        TreeMap<Long, Path> all = listCheckpointDirs(jobDir);
        int kept = 0;
        for (Long id : all.descendingKeySet()) {
            Path dir = all.get(id);
            boolean complete = Files.isRegularFile(dir.resolve(METADATA_FILE));
            if (complete && kept < numRetained) {
                kept++;
            } else {
                FileTrees.deleteRecursively(dir);
            }
        }
    }

    /** Deletes all checkpoints of the job (after it finished successfully). */
    public void deleteAll() throws IOException {
        FileTrees.deleteRecursively(jobDir);
    }

    /**
     * The checkpoint to resume from: the explicit {@code execution.state-recovery.path} when given,
     * else the newest valid checkpoint of this job, else empty (fresh start).
     */
    public Optional<CompletedCheckpoint> findRestorePoint(String explicitPath) throws IOException {
        if (explicitPath != null && !explicitPath.isBlank()) {
            Path path = Path.of(explicitPath).toAbsolutePath().normalize();
            if (Files.isRegularFile(path.resolve(METADATA_FILE))) {
                try {
                    return Optional.of(verify(path));
                } catch (DamagedCheckpointException e) {
                    throw new WeirException("Cannot resume from checkpoint " + path + " (execution.state-recovery.path):"
                            + " file " + e.file() + " is damaged: " + e.getMessage()
                            + ". Point execution.state-recovery.path at an older chk-<n> directory.", e);
                }
            }
            if (Files.isDirectory(path) && !listCheckpointDirs(path).isEmpty()) {
                Optional<CompletedCheckpoint> latest = latestValid(path);
                if (latest.isPresent()) {
                    return latest;
                }
            }
            throw new WeirException("execution.state-recovery.path '" + explicitPath + "' holds no complete"
                    + " checkpoint: expected a chk-<n> directory with a " + METADATA_FILE
                    + " file, or a job directory containing such directories. Check the path or unset the option"
                    + " to start fresh.");
        }
        return latestValid(jobDir);
    }

    /**
     * The newest complete checkpoint under {@code dir} that verifies. A damaged one is skipped with a
     * warning ({@link DamagedCheckpointPolicy#FALLBACK}) or stops the restore
     * ({@link DamagedCheckpointPolicy#FAIL}); when complete checkpoints exist but none verifies, the
     * restore fails under either policy: starting empty would silently drop the job's state.
     */
    private Optional<CompletedCheckpoint> latestValid(Path dir) throws IOException {
        TreeMap<Long, Path> all = listCheckpointDirs(dir);
        DamagedCheckpointException firstDamage = null;
        Path firstDamaged = null;
        for (Long id : all.descendingKeySet()) {
            Path chk = all.get(id);
            if (!Files.isRegularFile(chk.resolve(METADATA_FILE))) {
                LOG.info("Ignoring incomplete checkpoint {} (no {} file)", chk, METADATA_FILE);
                continue;
            }
            try {
                CompletedCheckpoint valid = verify(chk);
                if (firstDamage != null) {
                    LOG.warn("Resuming from the older checkpoint {} instead of the damaged {}: the rows after it are"
                            + " processed again", chk, firstDamaged);
                }
                return Optional.of(valid);
            } catch (DamagedCheckpointException e) {
                if (onDamaged == DamagedCheckpointPolicy.FAIL) {
                    throw DamagedCheckpointMessages.refuse(chk, e, olderComplete(all, id));
                }
                LOG.warn("Checkpoint {} is damaged: file {}: {}; falling back to an older checkpoint", chk, e.file(),
                        e.reason());
                if (firstDamage == null) {
                    firstDamage = e;
                    firstDamaged = chk;
                }
            }
        }
        if (firstDamage != null) {
            throw DamagedCheckpointMessages.allDamaged(dir, firstDamage);
        }
        return Optional.empty();
    }

    /** The newest complete checkpoint older than {@code id}, if any (not verified). */
    private static Path olderComplete(TreeMap<Long, Path> all, long id) {
        for (Long older : all.headMap(id, false).descendingKeySet()) {
            Path chk = all.get(older);
            if (Files.isRegularFile(chk.resolve(METADATA_FILE))) {
                return chk;
            }
        }
        return null;
    }

    /** Reads {@code _metadata} and checks the size and CRC32C of every file it lists. */
    public static CompletedCheckpoint verify(Path checkpointDir) throws IOException {
        Path metaFile = checkpointDir.resolve(METADATA_FILE);
        CheckpointMetadata metadata;
        try {
            metadata = CheckpointMetadata.decode(Files.readAllBytes(metaFile));
        } catch (IOException e) {
            throw new DamagedCheckpointException(metaFile, e.getMessage());
        }
        for (CheckpointMetadata.FileEntry f : metadata.files()) {
            Path file = checkpointDir.resolve(f.relativePath());
            if (!Files.isRegularFile(file)) {
                throw new DamagedCheckpointException(file, "file is missing");
            }
            long size = Files.size(file);
            if (size != f.size()) {
                throw new DamagedCheckpointException(file, "size is " + size + " bytes, expected " + f.size());
            }
            if (crc32c(file, false) != f.crc32c()) {
                throw new DamagedCheckpointException(file, "CRC32C checksum mismatch");
            }
        }
        return new CompletedCheckpoint(checkpointDir, metadata);
    }

    private static TreeMap<Long, Path> listCheckpointDirs(Path dir) throws IOException {
        TreeMap<Long, Path> result = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : entries) {
                String suffix = p.getFileName().toString().substring(PREFIX.length());
                if (Files.isDirectory(p) && !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit)) {
                    try {
                        result.put(Long.parseLong(suffix), p);
                    } catch (NumberFormatException ignored) {
                        // not one of ours (too many digits); leave it alone
                    }
                }
            }
        }
        return result;
    }

    private static String relative(Path base, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : base.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static int crc32c(Path file, boolean fsync) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        if (fsync) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
        return (int) crc.getValue();
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories for fsync; the rename is still atomic there.
            LOG.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
