package io.gatehouse.proxy.jetty.edge;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Fails the body of a request that arrives slower than a minimum rate, counted per request:
 * after a grace period, a request must have delivered {@code minBytesPerSecond} bytes for every
 * second since its handler first asked for the body (as Apache's {@code mod_reqtimeout}
 * {@code body=GRACE,MinRate=RATE}). A client that trickles its body on purpose, each byte
 * resetting the connector's idle timeout, is cut off; the read fails with a
 * {@link TimeoutException}, so the proxy answers with a problem and never forwards the body as
 * whole. A client that sends nothing at all is the idle timeout's business.
 *
 * <p>The rate is only checked when the handler waits for more body ({@code demand}), never while
 * bytes are waiting to be read: a slow upstream or application is not the client's fault.
 *
 * <p>Why not Jetty's {@code MinimumDataRateHandler}: in 12.1.12 it divides the bytes read by
 * <em>all</em> requests through the handler (its {@code StatisticsHandler} totals) by one
 * request's time, so on a server with any other traffic a trickling client is never cut off
 * ({@code SlowClientTest} fails with it).
 */
public final class MinimumRequestBodyRate extends Handler.Wrapper {

    private final long minBytesPerSecond;
    private final long graceNanos;
    private final LongSupplier nanoTime;

    public MinimumRequestBodyRate(Handler handler, long minBytesPerSecond, long graceNanos, LongSupplier nanoTime) {
        super(handler);
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new RateCheckedRequest(request), response, callback);
    }

    /** Whether {@code bytes} read {@code elapsedNanos} after the first demand are too few. */
    boolean tooSlow(long bytes, long elapsedNanos) {
        long counted = elapsedNanos - graceNanos;
        if (counted <= 0) {
            return false;
        }
        // bytes < rate × counted seconds, without overflow for any sane rate and duration
        return bytes < minBytesPerSecond * (counted / 1_000_000) / 1_000;
    }

    /**
     * Counts the body bytes read and checks the rate before each wait. Read and demand are
     * called one at a time (the content source contract), so plain fields suffice.
     */
    private final class RateCheckedRequest extends Request.Wrapper {
        private long firstDemandNanos;
        private boolean demanded;
        private long bytesRead;
        private Content.Chunk failure;

        RateCheckedRequest(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long now = nanoTime.getAsLong();
            if (!demanded) {
                demanded = true;
                firstDemandNanos = now;
            } else if (tooSlow(bytesRead, now - firstDemandNanos)) {
                failure = Content.Chunk.from(new TimeoutException("request body slower than " + minBytesPerSecond
                        + " bytes/s: " + bytesRead + " bytes in "
                        + TimeUnit.NANOSECONDS.toMillis(now - firstDemandNanos) + " ms"));
                demandCallback.run();
                return;
            }
            super.demand(demandCallback);
        }
    }
}
