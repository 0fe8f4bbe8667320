package io.gatehouse.proxy.jetty;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A small HTTPS upstream on 127.0.0.1, port 0, with a {@link SelfSignedCertificate}; it answers
 * 200 {@code tls ok} and records, per request, the SNI name the client sent and the client
 * certificate it showed. It can require a client certificate signed by a given one.
 */
final class TlsBackend implements AutoCloseable {

    /** What the upstream learnt from one request's TLS session. */
    record Seen(String sniHost, String clientSubject) {
    }

    private static final String PASSWORD = "backend-secret";

    private final Server server;
    private final ServerConnector connector;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private TlsBackend(SelfSignedCertificate serverCertificate, SelfSignedCertificate trustedClient) throws Exception {
        server = new Server();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(serverCertificate.keyStore(PASSWORD));
        ssl.setKeyStorePassword(PASSWORD);
        if (trustedClient != null) {
            ssl.setTrustStore(trustedClient.trustStore());
            ssl.setNeedClientAuth(true);
        }
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // No SNI/Host check: the name-mismatch tests connect to a certificate for another host.
        http.addCustomizer(new SecureRequestCustomizer(false));
        connector = new ServerConnector(server, 1, 1,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                EndPoint.SslSessionData tls = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
                X509Certificate[] clientChain = tls.peerCertificates();
                seen.add(new Seen(sniHost(tls.sslSession()),
                        clientChain == null || clientChain.length == 0 ? null
                                : clientChain[0].getSubjectX500Principal().getName()));
                count.incrementAndGet();
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/plain");
                response.write(true, ByteBuffer.wrap("tls ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    /** An HTTPS upstream showing {@code certificate}. */
    static TlsBackend start(SelfSignedCertificate certificate) throws Exception {
        return new TlsBackend(certificate, null);
    }

    /** An HTTPS upstream that only talks to clients showing {@code trustedClient}'s certificate. */
    static TlsBackend requiringClientCertificate(SelfSignedCertificate certificate, SelfSignedCertificate trustedClient)
            throws Exception {
        return new TlsBackend(certificate, trustedClient);
    }

    private static String sniHost(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            return extended.getRequestedServerNames().stream()
                    .filter(SNIHostName.class::isInstance)
                    .map(name -> ((SNIHostName) name).getAsciiName())
                    .findFirst().orElse(null);
        }
        return null;
    }

    /** {@code https://HOST:PORT} for the host name or IP the proxy should use. */
    String uri(String host) {
        return URI.create("https://" + host + ":" + connector.getLocalPort()).toString();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The next request seen, waiting up to 5 s. */
    Seen take() throws InterruptedException {
        Seen next = seen.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the TLS backend saw no request within 5 s");
        }
        return next;
    }

    /** How many requests reached the handler (after a successful handshake). */
    int requestCount() {
        return count.get();
    }


    @Override
    public void close() throws Exception {
        server.stop();
    }
}
