package io.gatehouse.proxy.jetty.edge;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a whole response body, already in memory, with the head and the end of the response in
 * one asynchronous write ({@link HttpOutput#sendContent(ByteBuffer, Callback)}): no thread waits on
 * a client that does not read. The proxy's own problems and answers and cache hits go out this way.
 */
public final class WholeBody {

    private WholeBody() {
    }

    /**
     * Sends {@code body} (its remaining bytes; none: just the head) and completes {@code done} when
     * it was written or failed. The response's status and headers must be set.
     */
    public static void sendAsync(HttpServletResponse proxyToClientResponse, ByteBuffer body, Callback done) {
        try {
            if (body == null || !body.hasRemaining()) {
                done.succeeded();
            } else if (proxyToClientResponse.getOutputStream() instanceof HttpOutput output) {
                output.sendContent(body, done);
            } else { // a wrapper's stream, not Jetty's: written as it allows
                proxyToClientResponse.getOutputStream().write(BufferUtil.toArray(body));
                done.succeeded();
            }
        } catch (IOException | RuntimeException e) {
            done.failed(e);
        }
    }
}
