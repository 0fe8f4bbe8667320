package io.gatehouse.proxy.jetty.edge;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.Response;

/**
 * Events of one proxied exchange, for features that watch or shape the response (the cache tee,
 * compression, metrics, access logs). Every method has a no-op default; all are called on
 * jetty-client or container threads, one at a time per exchange, and must not block.
 */
public interface ExchangeListener {

    /**
     * The upstream's response head was copied to the client response, which is not committed:
     * headers may still be changed. Return a wrapper of {@code writer} to transform the body,
     * or {@code writer} itself.
     */
    default BodyWriter onResponseHead(Response serverToProxyResponse, HttpServletResponse proxyToClientResponse,
                                      BodyWriter writer) {
        return writer;
    }

    /** A body chunk from the upstream, before it is written; a read-only view that must not be kept. */
    default void onResponseContent(ByteBuffer chunk) {
    }

    /** The exchange ended; {@code failure} is null when the whole response reached the client. */
    default void onComplete(Throwable failure) {
    }

    /** Composes listeners into one, called in order. */
    static ExchangeListener of(java.util.List<ExchangeListener> listeners) {
        if (listeners.isEmpty()) {
            return NONE;
        }
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        return new ExchangeListener() {
            @Override
            public BodyWriter onResponseHead(Response serverToProxyResponse, HttpServletResponse proxyToClientResponse,
                                             BodyWriter writer) {
                BodyWriter current = writer;
                for (ExchangeListener listener : listeners) {
                    current = listener.onResponseHead(serverToProxyResponse, proxyToClientResponse, current);
                }
                return current;
            }

            @Override
            public void onResponseContent(ByteBuffer chunk) {
                for (ExchangeListener listener : listeners) {
                    listener.onResponseContent(chunk.asReadOnlyBuffer());
                }
            }

            @Override
            public void onComplete(Throwable failure) {
                for (ExchangeListener listener : listeners) {
                    listener.onComplete(failure);
                }
            }
        };
    }

    /** Listens to nothing. */
    ExchangeListener NONE = new ExchangeListener() {
    };
}
