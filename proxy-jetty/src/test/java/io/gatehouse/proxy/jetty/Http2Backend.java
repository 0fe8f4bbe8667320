package io.gatehouse.proxy.jetty;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An embedded Jetty upstream on 127.0.0.1, port 0, that speaks HTTP/2 only: h2c by prior
 * knowledge, or h2 by ALPN over TLS with a {@link SelfSignedCertificate}; it counts the
 * connections opened to it. What it answers is the handler's.
 */
final class Http2Backend implements AutoCloseable {

    private static final String PASSWORD = "backend-secret";

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger connections = new AtomicInteger();

    private Http2Backend(SelfSignedCertificate certificate, Handler handler) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (certificate == HTTP11) {
            connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        } else if (certificate == null) {
            connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(certificate.keyStore(PASSWORD));
            ssl.setKeyStorePassword(PASSWORD);
            http.addCustomizer(new SecureRequestCustomizer(false));
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol());
            alpn.setDefaultProtocol(h2.getProtocol());
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connections.incrementAndGet();
            }
        });
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    /** The same server speaking HTTP/1.1 only (to compare the two). */
    static Http2Backend http11(Handler handler) throws Exception {
        return new Http2Backend(HTTP11, handler);
    }

    private static final SelfSignedCertificate HTTP11 = SelfSignedCertificate.generate("http11.invalid");

    /** h2c by prior knowledge only (an HTTP/1.1 request is not understood). */
    static Http2Backend h2c(Handler handler) throws Exception {
        return new Http2Backend(null, handler);
    }

    /** h2 over TLS, ALPN offering h2 only. */
    static Http2Backend h2(SelfSignedCertificate certificate, Handler handler) throws Exception {
        return new Http2Backend(certificate, handler);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Connections opened so far: one per TCP connection over h2c (over TLS the TLS and ALPN layers count too). */
    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
