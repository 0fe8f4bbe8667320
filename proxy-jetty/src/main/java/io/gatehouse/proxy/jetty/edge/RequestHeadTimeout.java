package io.gatehouse.proxy.jetty.edge;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP/1.1 connections whose request head (request line and headers) is still arriving
 * longer than a limit after its first byte: the defence against a slowloris client that sends
 * one header byte at a time, each byte resetting the connector's idle timeout. Like Go's
 * {@code ReadHeaderTimeout} and nginx's {@code client_header_timeout}, the limit covers the
 * whole head, not the gaps between bytes.
 *
 * <p>Jetty 12.1 has no such limit of its own (the idle timeout measures silence, and
 * {@code MinimumDataRateHandler} only sees bodies, once a handler runs), so a sweep on the
 * connector's scheduler looks at every connected endpoint every {@code limit / 4}: a connection
 * whose parser has been in a request head since more than the limit is closed without an answer
 * (the client is not reading one). It is cut between {@code limit} and {@code 1.25 × limit} after
 * the head's first byte. The parser's state is read without a lock, so a connection is only
 * closed when two sweeps in a row saw the same head over the limit (or nearly): a stale read
 * can delay a cut by one sweep, never cause a wrong one. Idle keep-alive connections (no byte of
 * a next request yet) are the idle timeout's business, bodies the minimum data rate's.
 *
 * <p>Reads {@link HttpConnection#getParser()}: Jetty's HTTP/1.1 connection lives in an internal
 * package; HTTP/2 and other protocols are left alone.
 */
public final class RequestHeadTimeout extends AbstractLifeCycle implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private final Connector connector;
    private final long limitNanos;
    private final long periodNanos;
    /** Endpoints over (or nearly over) the limit at the previous sweep, with the begin time of their head. */
    private Map<EndPoint, Long> suspects = new HashMap<>();
    private volatile Scheduler.Task task;

    public RequestHeadTimeout(Connector connector, long limitNanos) {
        this.connector = connector;
        this.limitNanos = limitNanos;
        this.periodNanos = Math.max(limitNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        schedule();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task scheduled = task;
        if (scheduled != null) {
            scheduled.cancel();
        }
        super.doStop();
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            task = connector.getScheduler().schedule(this, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One sweep; runs on the scheduler's thread, one at a time. */
    @Override
    public void run() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warn("request head sweep failed", e);
        } finally {
            schedule();
        }
    }

    private void sweep(long now) {
        Map<EndPoint, Long> seen = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            HttpParser parser = parser(endPoint.getConnection());
            if (parser == null || parser.isStart() || !parser.inHeaderState()) {
                continue;
            }
            long begin = parser.getBeginNanoTime();
            long elapsed = now - begin;
            if (begin == 0 || elapsed < limitNanos - periodNanos) {
                continue;
            }
            Long before = suspects.get(endPoint);
            if (before != null && before == begin && elapsed >= limitNanos) {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("closing {}: request head still arriving after {} ms", endPoint,
                            TimeUnit.NANOSECONDS.toMillis(elapsed));
                }
                endPoint.close(new TimeoutException("request head not received within "
                        + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms"));
            } else {
                seen.put(endPoint, begin);
            }
        }
        suspects = seen;
    }

    private static HttpParser parser(Connection connection) {
        if (connection instanceof SslConnection ssl) {
            connection = ssl.getSslEndPoint().getConnection();
        }
        return connection instanceof HttpConnection http ? http.getParser() : null;
    }
}
