package dev.weir.kafkalocal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), on loopback
 * ports chosen at start, for tests and for trying the examples. Not for production: replication
 * factor 1, no security.
 *
 * <p>Kafka's own fatal-error paths call {@code Exit.exit/halt}; while a broker runs in this JVM
 * those are replaced by a logged error, so a broker fault cannot end a test run or a user's JVM.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> extraConfig;
    private final int port;
    private KafkaRaftServer server;
    private String bootstrapServers;

    /** A broker with the default configuration. */
    public LocalKafkaBroker() {
        this(Map.of());
    }

    /** A broker with extra broker properties that override the defaults (e.g. {@code transaction.max.timeout.ms}). */
    public LocalKafkaBroker(Map<String, String> extraConfig) {
        this(extraConfig, 0);
    }

    /** A broker whose client listener uses {@code port} (0: a free port chosen at start). */
    public LocalKafkaBroker(Map<String, String> extraConfig, int port) {
        this.extraConfig = Map.copyOf(Objects.requireNonNull(extraConfig, "extraConfig is null"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        this.port = port;
    }

    /**
     * Formats {@code dataDir} (kept if already formatted, so a broker can be restarted on the same
     * data) and starts the broker; returns once an admin client can describe the cluster.
     *
     * @return the bootstrap servers, {@code 127.0.0.1:<port>}
     */
    public synchronized String start(Path dataDir) throws IOException, InterruptedException {
        Objects.requireNonNull(dataDir, "dataDir is null");
        if (server != null) {
            throw new IllegalStateException("the broker is already running at " + bootstrapServers);
        }
        guardExit();
        Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logDir);
        int port = this.port == 0 ? freePort() : this.port;
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        // few internal partitions: a single node gains nothing from 50 and they slow the first transaction
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.putAll(extraConfig);

        Path propsFile = dataDir.toAbsolutePath().resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "weir kafka-local");
        }
        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(formatOutput, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId(dataDir), "-c", propsFile.toString(),
                "--ignore-formatted"}, ps);
        }
        if (rc != 0) {
            throw new IOException("formatting Kafka storage in " + logDir + " failed (exit " + rc + "): "
                    + formatOutput.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        bootstrapServers = "127.0.0.1:" + port;
        try {
            awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Kafka broker ready at {} (data in {})", bootstrapServers, dataDir);
        return bootstrapServers;
    }

    /** The bootstrap servers of the running broker. */
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return bootstrapServers;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IOException("the Kafka broker at " + bootstrapServers + " was not ready within " + READY_TIMEOUT
                + (last == null ? "" : ": " + last));
    }

    /** The cluster id stored next to the data, so a restarted broker formats nothing and keeps its topics. */
    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.toAbsolutePath().resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void guardExit() {
        Exit.setExitProcedure((status, message) -> LOG.error(
                "Kafka asked to exit the JVM with status {} ({}); ignored in the local broker", status, message));
        Exit.setHaltProcedure((status, message) -> LOG.error(
                "Kafka asked to halt the JVM with status {} ({}); ignored in the local broker", status, message));
    }

    /** Stops the broker and waits for it; the data directory is kept. */
    @Override
    public synchronized void close() {
        KafkaRaftServer s = server;
        server = null;
        bootstrapServers = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    /**
     * Starts a broker with data in {@code args[0]} (default {@code ./kafka-data}) on port
     * {@code args[1]} (default 9092; 0 for any free port), prints its bootstrap servers on standard
     * output and runs until the process is stopped (Ctrl-C).
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "kafka-data");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        LocalKafkaBroker broker = new LocalKafkaBroker(Map.of(), port);
        String bootstrap = broker.start(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-local-shutdown"));
        System.out.println(bootstrap);
        System.out.flush();
        System.err.println("Kafka broker running at " + bootstrap + " (data in " + dir.toAbsolutePath()
                + "); Ctrl-C stops it.");
        stopped.await();
    }
}
