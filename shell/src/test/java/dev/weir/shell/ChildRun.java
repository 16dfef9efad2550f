package dev.weir.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code weir run} in a child JVM from the packaged jar, its output captured to files. */
final class ChildRun {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ChildRun start(Path script, Path workDir, String name) throws IOException {
        return start(List.of("run", script.toString()), null, workDir, name);
    }

    /** {@code weir run SCRIPT --set key=value...}: the same script with some options changed. */
    static ChildRun start(Path script, Path workDir, String name, java.util.Map<String, String> settings)
            throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("run", script.toString()));
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        return start(args, null, workDir, name);
    }

    /** Starts {@code weir ARGS...}, reading standard input from {@code stdin} when given. */
    static ChildRun start(List<String> args, Path stdin, Path workDir, String name) throws IOException {
        String jar = System.getProperty("weir.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property weir.jar must name the packaged jar (run with mvn verify)");
        }
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process p = builder.start();
        return new ChildRun(p, out, err);
    }

    static String formatTimestamp(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within " + timeout + ": " + describe());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the child to end; true when it has ended. */
    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hooks, no cleanup, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    String describe() {
        try {
            return "exit=" + (process.isAlive() ? "running" : process.exitValue()) + "\nstderr:\n" + stderr()
                    + "\nstdout (head):\n" + head(Files.readString(stdout, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "unreadable output: " + e;
        }
    }

    private static String head(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
