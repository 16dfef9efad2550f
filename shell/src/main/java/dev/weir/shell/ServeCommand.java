package dev.weir.shell;

import dev.weir.server.ServerOptions;
import dev.weir.server.WeirServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weir serve}: the JDBC endpoint. Listens on 127.0.0.1 unless told otherwise; any other
 * address needs {@code --user}/{@code --password} or {@code --token}. Runs until killed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve SQL over JDBC (Avatica, protobuf): connect with jdbc:weir://host:port.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--user", paramLabel = "USER", description = "Require HTTP Basic authentication as this user.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "The password of --user.")
    String password;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require this token (clients pass ;token=TOKEN in the URL).")
    String token;

    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Let statements name local files (a filesystem table's 'path', a checkpoint or savepoint"
                    + " directory, ...) under DIR (repeatable). Default: none, so no statement sent over JDBC can read"
                    + " or write a local file.")
    List<Path> allowPaths = new ArrayList<>();

    @Mixin
    SessionOptions sessionOptions = new SessionOptions();

    @Override
    public Integer call() throws Exception {
        ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port)
                .withSessionConfig(sessionOptions.configuration()).withAllowedPaths(allowPaths);
        if (user != null || password != null) {
            options = options.withBasicAuth(user, password);
        }
        if (token != null) {
            options = options.withToken(token);
        }
        WeirServer server = WeirServer.start(options);
        Thread stop = new Thread(server::close, "weir-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        // WeirServer logs the address it listens on; Ctrl-C (the shutdown hook) stops it.
        server.join();
        return 0;
    }
}
