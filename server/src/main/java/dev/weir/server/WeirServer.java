package dev.weir.server;

import dev.weir.core.WeirException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weir's JDBC endpoint: an Avatica HTTP server with protobuf serialization in this JVM. Clients
 * connect with {@code jdbc:weir://host:port} (the Weir driver) or
 * {@code jdbc:avatica:remote:url=http://host:port;serialization=protobuf}.
 *
 * <pre>{@code
 * try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0))) {
 *     Connection c = DriverManager.getConnection(server.jdbcUrl());
 * }
 * }</pre>
 */
public final class WeirServer implements AutoCloseable {
    /** The version reported by {@code DatabaseMetaData}. */
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(WeirServer.class);
    /** An open SELECT nobody fetched from for this long is stopped (its client went away). */
    static final long IDLE_QUERY_TIMEOUT_MINUTES = 10;

    private final ServerOptions options;
    private final JobRegistry jobs;
    private final WeirMeta meta;
    private final WeirHttpServer http;
    private final ScheduledExecutorService reaper;

    private WeirServer(ServerOptions options, JobRegistry jobs, WeirMeta meta, WeirHttpServer http) {
        this.options = options;
        this.jobs = jobs;
        this.meta = meta;
        this.http = http;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weir-server-idle-queries");
            t.setDaemon(true);
            return t;
        });
        long idleNanos = TimeUnit.MINUTES.toNanos(IDLE_QUERY_TIMEOUT_MINUTES);
        reaper.scheduleWithFixedDelay(() -> {
            int closed = meta.closeIdleQueries(idleNanos);
            if (closed > 0) {
                LOG.info("Stopped {} query(ies) nobody fetched from for {} minutes", closed, IDLE_QUERY_TIMEOUT_MINUTES);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Binds and starts serving. Throws {@link WeirException} when binding a non-loopback address
     * without authentication, or when the port cannot be bound.
     */
    public static WeirServer start(ServerOptions options) {
        Objects.requireNonNull(options, "options is null");
        options.checkBindAllowed();
        PathSandbox sandbox = PathSandbox.of(options.allowedPaths());
        JobRegistry jobs = new JobRegistry();
        WeirMeta meta = new WeirMeta(options.sessionConfig(), jobs, options.resultBufferRows(),
                options.fetchWaitMillis(), sandbox);
        AvaticaProtobufHandler handler = new AvaticaProtobufHandler(new LocalService(meta),
                org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem.getInstance(),
                options.requiresAuthentication() ? new WeirHttpServer.BasicConfig() : null);
        WeirHttpServer http = new WeirHttpServer(options.host(), options.port(), handler, options.credentials());
        try {
            http.start();
        } catch (RuntimeException e) {
            http.stop();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new WeirException("Cannot listen on " + options.host() + ":" + options.port() + ": "
                    + cause.getMessage() + ". Choose another --port (or stop what uses it).", e);
        }
        WeirServer server = new WeirServer(options, jobs, meta, http);
        LOG.info("Weir JDBC server listening on {} ({}; {})", server.jdbcUrl(),
                options.requiresAuthentication() ? "HTTP Basic authentication" : "no authentication, loopback only",
                sandbox.allowed().isEmpty() ? "statements may name no local files"
                        : "statements may name local files under " + sandbox.allowed());
        return server;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.getPort();
    }

    public String host() {
        return options.host();
    }

    /** {@code jdbc:weir://host:port}, without credentials. */
    public String jdbcUrl() {
        return "jdbc:weir://" + hostForUrl() + ":" + port();
    }

    /** The Avatica remote URL of this server, for generic Avatica clients. */
    public String avaticaUrl() {
        return "jdbc:avatica:remote:url=http://" + hostForUrl() + ":" + port() + ";serialization=protobuf";
    }

    private String hostForUrl() {
        String h = options.host();
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** The jobs this server started. */
    public JobRegistry jobs() {
        return jobs;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        http.join();
    }

    /** Stops every query and job this server started, then stops listening. */
    @Override
    public void close() {
        reaper.shutdownNow();
        meta.closeAll();
        jobs.cancelAll();
        http.stop();
    }
}
