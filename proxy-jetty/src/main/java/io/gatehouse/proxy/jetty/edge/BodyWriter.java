package io.gatehouse.proxy.jetty.edge;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;

/**
 * Where the proxy-to-client response body goes, one chunk at a time. The relay calls
 * {@link #write} and demands the next upstream chunk only when its callback succeeded, then
 * {@link #finish} once the upstream body ended. Features that transform the body (compression)
 * wrap the writer they are given.
 */
public interface BodyWriter {

    /** Writes one chunk; {@code callback} completes when the chunk was taken. One write at a time. */
    void write(ByteBuffer chunk, Callback callback);

    /** Flushes whatever the writer still holds (e.g. a gzip trailer); then completes {@code callback}. */
    void finish(Callback callback);

    /** Whether any body byte went to the client (the response can no longer become a problem). */
    boolean started();
}
