package dev.weir.executor.checkpoint;

import dev.weir.core.WeirException;
import dev.weir.state.rocksdb.SstOrigins;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one job under {@code <root>/<job>/chk-<n>/}: writes {@code _metadata}
 * atomically and durably, keeps the newest {@code num-retained} complete checkpoints, and finds
 * the newest valid one to restore, verifying every file's size and CRC32C.
 *
 * <p>A {@code chk-<n>} directory without {@code _metadata} is an incomplete checkpoint (being
 * written, or the job died while writing it): it is ignored on restore and deleted by retention
 * once a newer checkpoint completed and it is no longer in flight. A complete one that
 * fails verification is damaged: the {@link DamagedCheckpointPolicy} decides between falling back
 * to an older one and refusing to start; with none left that verifies, the restore always fails.
 *
 * <p><b>Incremental checkpoints</b> ({@code state.backend.incremental}): the immutable table files of
 * RocksDB snapshots are moved into {@code <root>/<job>/shared/<operator>/<origin>} (see
 * {@link SstOrigins}) the first time a checkpoint holds them, checksummed once then, and every later
 * checkpoint that holds the same file lists a reference to it in its {@code _metadata} (with the size
 * and CRC32C recorded when it was stored) instead of a copy. Retention deletes a shared file once no
 * retained checkpoint's {@code _metadata} references it. A restore verifies the referenced shared
 * files like the checkpoint's own, then links them back into the checkpoint directory, so the
 * restore code reads a complete snapshot. Savepoints are never incremental.
 */
public final class CheckpointStorage {
    public static final String METADATA_FILE = "_metadata";
    private static final String METADATA_TMP = "_metadata.tmp";
    private static final String PREFIX = "chk-";
    /** The job-level directory of incremental checkpoints' shared files. */
    public static final String SHARED_DIR = "shared";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

    private final Path jobDir;
    private final int numRetained;
    private final DamagedCheckpointPolicy onDamaged;
    private final boolean incremental;
    /**
     * Shared files known to be stored intact, by path relative to the job directory: those this storage
     * stored itself and those of the verified restore point. Only these are referenced without being
     * stored again; the source of truth for deletion is always the retained checkpoints' metadata.
     */
    private final Map<String, CheckpointMetadata.SharedFileEntry> stored = new HashMap<>();

    public CheckpointStorage(Path jobDir, int numRetained) {
        this(jobDir, numRetained, DamagedCheckpointPolicy.FALLBACK);
    }

    /** @param onDamaged what a restore does when the newest complete checkpoint fails verification */
    public CheckpointStorage(Path jobDir, int numRetained, DamagedCheckpointPolicy onDamaged) {
        this(jobDir, numRetained, onDamaged, false);
    }

    /** @param incremental whether checkpoints keep RocksDB table files in the job's shared directory */
    public CheckpointStorage(Path jobDir, int numRetained, DamagedCheckpointPolicy onDamaged, boolean incremental) {
        this.incremental = incremental;
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

    /**
     * As above, for a job of {@code parallelism} subtasks: one position and one committable per subtask.
     * With incremental checkpoints on and {@code checkpointDir} a {@code chk-<n>} directory of this job,
     * RocksDB table files go to the shared directory (stored and checksummed only when new).
     */
    public CheckpointMetadata complete(Path checkpointDir, String jobName, long checkpointId,
            long timestampMillis, int parallelism, List<byte[]> sourcePositions, List<byte[]> sinkCommittables,
            List<String> operatorIds) throws IOException {
        return complete(checkpointDir, jobName, checkpointId, timestampMillis, parallelism, sourcePositions,
                sinkCommittables, operatorIds, Map.of());
    }

    /**
     * As above, for a job whose operators {@code operatorParallelism} names ran at their own parallelism
     * ({@code scan.parallelism}, {@code sink.parallelism}): positions and committables then have one
     * element per subtask slot (the highest parallelism of any operator).
     */
    public synchronized CheckpointMetadata complete(Path checkpointDir, String jobName, long checkpointId,
            long timestampMillis, int parallelism, List<byte[]> sourcePositions, List<byte[]> sinkCommittables,
            List<String> operatorIds, Map<String, Integer> operatorParallelism) throws IOException {
        List<CheckpointMetadata.FileEntry> files = new ArrayList<>();
        List<CheckpointMetadata.SharedFileEntry> shared = new ArrayList<>();
        // after a rescale, several subtasks may hold the same restored file: stored once here too
        Map<String, CheckpointMetadata.SharedFileEntry> newlyStored = new HashMap<>();
        List<Path> dirs = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        Files.walkFileTree(checkpointDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                dirs.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (!name.equals(METADATA_FILE) && !name.equals(METADATA_TMP)) {
                    all.add(file);
                    sizes.add(attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        boolean share = incremental && isOwnCheckpointDir(checkpointDir);
        Map<Path, Map<String, String>> originsBySnapshot = new HashMap<>();
        Set<Path> sharedDirs = new LinkedHashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Path file = all.get(i);
            long size = sizes.get(i);
            String rel = relative(checkpointDir, file);
            String origin = share ? originOf(file, originsBySnapshot) : null;
            if (origin == null) {
                unlink(file);
                files.add(new CheckpointMetadata.FileEntry(rel, size, crc32c(file, true)));
                continue;
            }
            String sharedRel = SHARED_DIR + "/" + rel.substring(0, rel.indexOf('/')) + "/" + fileSafe(origin);
            CheckpointMetadata.SharedFileEntry known = stored.get(sharedRel);
            if (known == null) {
                known = newlyStored.get(sharedRel);
            }
            if (known != null && known.size() == size) {
                // stored by an earlier checkpoint: reference it, drop this checkpoint's link to the same bytes
                shared.add(new CheckpointMetadata.SharedFileEntry(rel, sharedRel, size, known.crc32c(),
                        known.storedBy()));
                Files.delete(file);
            } else if (known != null) {
                // cannot happen while origins are unique; keep the file as the checkpoint's own rather than guess
                LOG.warn("Checkpoint {}: {} has {} bytes but its stored copy {} has {}; keeping it in the checkpoint",
                        checkpointDir, rel, size, sharedRel, known.size());
                files.add(new CheckpointMetadata.FileEntry(rel, size, crc32c(file, true)));
            } else {
                Path target = jobDir.resolve(sharedRel);
                Files.createDirectories(target.getParent());
                int crc = crc32c(file, true);
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                sharedDirs.add(target.getParent());
                CheckpointMetadata.SharedFileEntry entry =
                        new CheckpointMetadata.SharedFileEntry(rel, sharedRel, size, crc, checkpointId);
                shared.add(entry);
                newlyStored.put(sharedRel, entry);
            }
        }
        for (Path dir : sharedDirs) {
            fsyncDirectory(dir);
        }
        shared.sort((a, b) -> a.localPath().compareTo(b.localPath()));
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        for (Path dir : dirs) {
            fsyncDirectory(dir);
        }
        CheckpointMetadata metadata = new CheckpointMetadata(jobName, checkpointId, timestampMillis, parallelism,
                sourcePositions, sinkCommittables, operatorIds, files, shared, operatorParallelism);
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
        stored.putAll(newlyStored);
        return metadata;
    }

    /**
     * Makes a file the checkpoint keeps as its own (not shared) its own copy when it is a hard link.
     * RocksDB's native checkpoint links its table files and OPTIONS file to the live database, so an
     * unchanged table file is the same inode in every retained checkpoint: damage to one would damage
     * them all and leave no checkpoint to fall back to. A full checkpoint therefore writes all its
     * bytes, as Flink's does; incremental checkpoints share table files on purpose instead.
     */
    private static void unlink(Path file) throws IOException {
        Object links;
        try {
            links = Files.getAttribute(file, "unix:nlink");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no link counts here (not a Unix file system): nothing to break
        }
        if (links instanceof Integer n && n > 1) {
            Path copy = file.resolveSibling(file.getFileName() + ".copy");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A {@code chk-<n>} directory directly in this job's directory (not a savepoint, not another job's). */
    private boolean isOwnCheckpointDir(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return jobDir.equals(abs.getParent()) && abs.getFileName().toString().startsWith(PREFIX);
    }

    /**
     * The origin of an immutable RocksDB file {@code <snapshot>/db/<name>} as its snapshot's
     * {@link SstOrigins} file lists it; null for every other file (kept in the checkpoint itself).
     */
    private static String originOf(Path file, Map<Path, Map<String, String>> cache) throws IOException {
        String name = file.getFileName().toString();
        Path parent = file.getParent();
        if (!SstOrigins.isImmutable(name) || parent == null || parent.getFileName() == null
                || !parent.getFileName().toString().equals("db") || parent.getParent() == null) {
            return null;
        }
        Path snapshotDir = parent.getParent();
        Map<String, String> origins = cache.get(snapshotDir);
        if (origins == null) {
            origins = SstOrigins.read(snapshotDir);
            cache.put(snapshotDir, origins);
        }
        return origins.get(name);
    }

    /** {@link #applyRetention(Set)} when no checkpoint is being written. */
    public void applyRetention() throws IOException {
        applyRetention(Set.of());
    }

    /**
     * Keeps the newest {@code num-retained} complete checkpoints; deletes older ones, incomplete ones
     * older than the newest complete one except those in {@code inFlight} (still being written, or
     * being cleaned up by their writer), then every shared file no retained checkpoint references (read
     * from their {@code _metadata}, so the counts survive restarts; while a retained {@code _metadata}
     * cannot be read, shared files stay). An incomplete checkpoint newer than the newest complete one is
     * one being written: with several checkpoints in flight, deleting it would break it.
     *
     * @param inFlight ids of checkpoints whose directories are still in use
     */
    public synchronized void applyRetention(Set<Long> inFlight) throws IOException {
        TreeMap<Long, Path> all = listCheckpointDirs(jobDir);
        List<Path> retained = new ArrayList<>();
        long newestComplete = Long.MIN_VALUE;
        for (Long id : all.descendingKeySet()) {
            if (Files.isRegularFile(all.get(id).resolve(METADATA_FILE))) {
                newestComplete = id;
                break;
            }
        }
        for (Long id : all.descendingKeySet()) {
            Path dir = all.get(id);
            boolean complete = Files.isRegularFile(dir.resolve(METADATA_FILE));
            if (complete && retained.size() < numRetained) {
                retained.add(dir);
            } else if (complete || id < newestComplete && !inFlight.contains(id)) {
                FileTrees.deleteRecursively(dir);
            }
        }
        Path sharedRoot = jobDir.resolve(SHARED_DIR);
        if (!Files.isDirectory(sharedRoot)) {
            return;
        }
        Set<String> referenced = new HashSet<>();
        for (Path dir : retained) {
            try {
                for (CheckpointMetadata.SharedFileEntry e
                        : CheckpointMetadata.decode(Files.readAllBytes(dir.resolve(METADATA_FILE))).sharedFiles()) {
                    referenced.add(e.sharedPath());
                }
            } catch (IOException e) {
                LOG.warn("Cannot read {} of retained checkpoint {} ({}); keeping all shared files for now",
                        METADATA_FILE, dir, e.getMessage());
                return;
            }
        }
        List<Path> unreferenced = new ArrayList<>();
        Files.walkFileTree(sharedRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!referenced.contains(relative(jobDir, file))) {
                    unreferenced.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path file : unreferenced) {
            stored.remove(relative(jobDir, file));
            Files.deleteIfExists(file);
        }
    }

    /** The shared files of this job's directory, paths relative to it (for tests and tools). */
    public List<String> sharedFiles() throws IOException {
        List<String> result = new ArrayList<>();
        Path sharedRoot = jobDir.resolve(SHARED_DIR);
        if (Files.isDirectory(sharedRoot)) {
            Files.walkFileTree(sharedRoot, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    result.add(relative(jobDir, file));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        result.sort(null);
        return result;
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
                    return Optional.of(prepareRestore(verify(path)));
                } catch (DamagedCheckpointException e) {
                    throw new WeirException("Cannot resume from checkpoint " + path + " (execution.state-recovery.path):"
                            + " file " + e.file() + " is damaged: " + e.getMessage()
                            + ". Point execution.state-recovery.path at an older chk-<n> directory.", e);
                }
            }
            if (Files.isDirectory(path) && !listCheckpointDirs(path).isEmpty()) {
                Optional<CompletedCheckpoint> latest = latestValid(path);
                if (latest.isPresent()) {
                    return Optional.of(prepareRestore(latest.get()));
                }
            }
            throw new WeirException("execution.state-recovery.path '" + explicitPath + "' holds no complete"
                    + " checkpoint: expected a chk-<n> directory with a " + METADATA_FILE
                    + " file, or a job directory containing such directories. Check the path or unset the option"
                    + " to start fresh.");
        }
        Optional<CompletedCheckpoint> latest = latestValid(jobDir);
        return latest.isPresent() ? Optional.of(prepareRestore(latest.get())) : latest;
    }

    /**
     * Makes a verified checkpoint restorable: links (or copies) its shared files back to where they
     * belong in its directory, so the restore reads a complete snapshot, and, when it is this job's,
     * remembers them as stored so the next checkpoints reference rather than store them again.
     */
    private synchronized CompletedCheckpoint prepareRestore(CompletedCheckpoint chk) throws IOException {
        Path dir = chk.directory().toAbsolutePath().normalize();
        boolean own = dir.getParent() != null && dir.getParent().equals(jobDir);
        for (CheckpointMetadata.SharedFileEntry e : chk.metadata().sharedFiles()) {
            Path source = dir.getParent().resolve(e.sharedPath());
            Path target = dir.resolve(e.localPath());
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            try {
                Files.createLink(target, source);
            } catch (IOException | UnsupportedOperationException linkFailed) {
                Files.copy(source, target);
            }
            if (own) {
                stored.put(e.sharedPath(), e);
            }
        }
        return chk;
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
        // an incremental checkpoint's shared files are checked here, at restore, not at every checkpoint
        Path owner = checkpointDir.toAbsolutePath().normalize().getParent();
        for (CheckpointMetadata.SharedFileEntry f : metadata.sharedFiles()) {
            Path file = owner.resolve(f.sharedPath());
            if (!Files.isRegularFile(file)) {
                throw new DamagedCheckpointException(file, "shared file is missing");
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
