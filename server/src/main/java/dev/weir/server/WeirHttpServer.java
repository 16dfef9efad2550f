package dev.weir.server;

import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.apache.calcite.avatica.server.AvaticaServerConfiguration;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.RemoteUserExtractor;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * Avatica's HTTP server bound to one address, with HTTP Basic users held in memory. Avatica
 * itself binds every interface and reads Basic users from a properties file; both are overridden
 * here so the password never touches the disk and the loopback default really is loopback.
 */
final class WeirHttpServer extends HttpServer {
    static final String ROLE = "weir-user";
    private static final String REALM = "weir";

    private final String host;
    private final String[] credentials;

    WeirHttpServer(String host, int port, AvaticaHandler handler, String[] credentials) {
        super(port, handler, credentials == null ? null : new BasicConfig());
        this.host = host;
        this.credentials = credentials;
    }

    @Override
    protected ServerConnector getServerConnector() {
        ServerConnector connector = super.getServerConnector();
        connector.setHost(host);
        return connector;
    }

    @Override
    protected ConstraintSecurityHandler configureBasicAuthentication(Server server,
            AvaticaServerConfiguration config) {
        UserStore users = new UserStore();
        users.addUser(credentials[0], Credential.getCredential(credentials[1]), new String[] {ROLE});
        HashLoginService login = new HashLoginService(REALM);
        login.setUserStore(users);
        server.addBean(login);
        return configureCommonAuthentication(org.eclipse.jetty.util.security.Constraint.__BASIC_AUTH,
                new String[] {ROLE}, new BasicAuthenticator(), REALM, login);
    }

    /** HTTP Basic, no Kerberos, no impersonation. */
    static final class BasicConfig implements AvaticaServerConfiguration {
        @Override
        public AuthenticationType getAuthenticationType() {
            return AuthenticationType.BASIC;
        }

        @Override
        public String getKerberosRealm() {
            return null;
        }

        @Override
        public String getKerberosPrincipal() {
            return null;
        }

        @Override
        public String getKerberosServiceName() {
            return null;
        }

        @Override
        public String getKerberosHostName() {
            return null;
        }

        @Override
        public String[] getAllowedRoles() {
            return new String[] {ROLE};
        }

        @Override
        public String getHashLoginServiceRealm() {
            return REALM;
        }

        @Override
        public String getHashLoginServiceProperties() {
            return null;
        }

        @Override
        public boolean supportsImpersonation() {
            return false;
        }

        @Override
        public <T> T doAsRemoteUser(String remoteUserName, String remoteAddress, java.util.concurrent.Callable<T> action)
                throws Exception {
            return action.call();
        }

        @Override
        public RemoteUserExtractor getRemoteUserExtractor() {
            return null;
        }
    }
}
