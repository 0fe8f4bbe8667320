package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/2 upstream client of a {@link ProxyServlet} ({@link UpstreamClient#startHttp2}),
 * started on first use: a configuration without {@code h2c://} or {@code h2://} upstreams never
 * pays for its threads. Stopped with the servlet.
 */
final class Http2UpstreamClient implements Supplier<HttpClient> {

    private static final Logger LOG = LoggerFactory.getLogger(Http2UpstreamClient.class);

    private final Supplier<ProxyConfig> config;
    private final Executor executor;
    private HttpClient client;
    private boolean stopped;

    Http2UpstreamClient(Supplier<ProxyConfig> config, Executor executor) {
        this.config = config;
        this.executor = executor;
    }

    /**
     * The started client.
     *
     * @throws IllegalStateException when it does not start, or the servlet was destroyed
     */
    @Override
    public synchronized HttpClient get() {
        if (stopped) {
            throw new IllegalStateException("the proxy is stopped");
        }
        if (client == null) {
            try {
                client = UpstreamClient.startHttp2(config.get(), executor);
            } catch (Exception e) {
                throw new IllegalStateException("the HTTP/2 upstream client did not start: " + e.getMessage(), e);
            }
        }
        return client;
    }

    /** Stops the client if it was started; later {@link #get()}s fail. */
    void stop() {
        HttpClient stopping;
        synchronized (this) {
            stopped = true;
            stopping = client;
            client = null;
        }
        if (stopping != null) {
            try {
                stopping.stop();
            } catch (Exception e) {
                LOG.debug("HTTP/2 upstream client did not stop cleanly", e);
            }
        }
    }
}
