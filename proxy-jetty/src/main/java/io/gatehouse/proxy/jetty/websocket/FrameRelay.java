package io.gatehouse.proxy.jetty.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leg's end of the bridge: what arrives on this leg's session is sent on the other leg's, frame
 * by frame (message fragments as they come, pings and pongs, the close code and reason).
 * Back-pressure: the next frame of this leg is demanded only once the other leg has sent the last
 * one, so a slow reader on one side slows the writer on the other instead of filling memory.
 * Public only because Jetty finds a listener's methods through a public lookup.
 */
public final class FrameRelay implements Session.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRelay.class);

    private final String name;
    private final Duration idleTimeout;
    private final Runnable onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Message payload bytes received on this leg (and so sent on the other): text as UTF-8, pings and pongs not counted. */
    private final AtomicLong payloadBytes = new AtomicLong();
    private volatile Session session;
    private volatile FrameRelay other;

    /**
     * @param name the leg, for logs ({@code client} or {@code upstream})
     * @param idleTimeout how long the leg may carry no frame before it is closed
     * @param onClosed run once when this leg has closed (or failed)
     */
    FrameRelay(String name, Duration idleTimeout, Runnable onClosed) {
        this.name = name;
        this.idleTimeout = idleTimeout;
        this.onClosed = onClosed;
    }

    /** Pairs two legs: what one receives the other sends. */
    static void pair(FrameRelay a, FrameRelay b) {
        a.other = b;
        b.other = a;
    }

    Session session() {
        return session;
    }

    /** The message payload bytes this leg received so far (text counted as UTF-8). */
    long payloadBytes() {
        return payloadBytes.get();
    }

    /**
     * The upstream leg opens first (the client is upgraded only after the upstream accepted); when
     * the second leg opens, both start reading.
     */
    @Override
    public void onWebSocketOpen(Session session) {
        session.setIdleTimeout(idleTimeout);
        this.session = session;
        FrameRelay peer = other;
        if (peer != null && peer.session != null) {
            session.demand();
            peer.session.demand();
        }
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean fin) {
        payloadBytes.addAndGet(utf8Length(payload));
        other.session.sendPartialText(payload, fin, sent());
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean fin, Callback callback) {
        payloadBytes.addAndGet(payload.remaining());
        other.session.sendPartialBinary(payload, fin, new Callback() {
            @Override
            public void succeed() {
                callback.succeed();
                session.demand();
            }

            @Override
            public void fail(Throwable x) {
                callback.fail(x);
                failed(x);
            }
        });
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        other.session.sendPing(payload, sent());
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        other.session.sendPong(payload, sent());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LOG.debug("{} leg closed: {} {}", name, statusCode, reason);
        if (closed.compareAndSet(false, true)) {
            onClosed.run();
        }
        other.closeWith(statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{} leg failed", name, cause);
        if (closed.compareAndSet(false, true)) {
            onClosed.run();
        }
        other.closeWith(StatusCode.ABNORMAL, null);
    }

    /**
     * Closes this leg as the other one closed: the same code and reason (RFC 6455 §7.4); a code
     * that must not be sent in a close frame becomes the nearest one that may: 1005 (no code) a normal
     * close, 1006 (abnormal) and 1015 (TLS) a dropped connection, as the other side saw it.
     */
    void closeWith(int statusCode, String reason) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (statusCode == StatusCode.ABNORMAL || statusCode == StatusCode.FAILED_TLS_HANDSHAKE) {
            s.disconnect();
        } else if (statusCode == StatusCode.NO_CODE) {
            s.close(StatusCode.NORMAL, null, Callback.NOOP);
        } else {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /** Demands the next frame of this leg once the other leg has sent the last one. */
    private Callback sent() {
        return new Callback() {
            @Override
            public void succeed() {
                session.demand();
            }

            @Override
            public void fail(Throwable x) {
                failed(x);
            }
        };
    }

    private void failed(Throwable x) {
        LOG.debug("{} leg: the other leg could not send", name, x);
        other.closeWith(StatusCode.ABNORMAL, null);
        closeWith(StatusCode.SERVER_ERROR, "bridge failed");
    }

    /** The length of {@code text} in UTF-8, without encoding it. */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
