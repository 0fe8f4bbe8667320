package io.gatehouse.proxy.jetty.forward;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.util.Callback;

/**
 * Streams the client-to-proxy request body into the proxy-to-server request of the current
 * attempt, one chunk at a time (the next chunk is read from the client only once the upstream
 * side took the previous one), and keeps what is needed to replay it on another attempt:
 * <ul>
 *   <li>the chunk read but not yet taken by the upstream is always kept, so a request that
 *       failed before anything was sent (connect failure) can be replayed whatever its size;</li>
 *   <li>the chunks already taken are kept while their total stays within the replay limit; past
 *       it the body is no longer replayable once sent.</li>
 * </ul>
 * Reads are non-blocking (servlet {@link ReadListener}); the critical sections are short.
 */
public final class RequestBodyPump implements ReadListener {

    private final ServletInputStream input;
    private final byte[] buffer;
    private final long replayLimit;
    private final long maxBytes;
    private final Consumer<Throwable> onClientFailure;
    private long read;

    private final List<byte[]> replay = new ArrayList<>();
    private AsyncRequestContent target;
    private ByteBuffer inFlight;
    private long sent;
    private boolean overflow;
    private boolean eof;
    private boolean failed;

    /**
     * @param maxBytes the route's body size limit: a body that grows past it (also a chunked one,
     *     whose size only shows while streaming) fails with {@link TooLargeException} before the
     *     chunk that crossed the limit is handed on, and the attempt is aborted, so the upstream
     *     never receives a truncated body as if it were whole
     */
    RequestBodyPump(ServletInputStream input, int chunkSize, long replayLimit, long maxBytes,
                    Consumer<Throwable> onClientFailure) {
        this.input = input;
        this.buffer = new byte[chunkSize];
        this.replayLimit = replayLimit;
        this.maxBytes = maxBytes;
        this.onClientFailure = onClientFailure;
    }

    /** The client's body grew past the route's limit. */
    static final class TooLargeException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("request body larger than the route allows", null);
        }
    }

    /**
     * The body for a new attempt: what was sent before is replayed, then streaming goes on.
     *
     * @return the content, or null when the body was sent beyond the replay limit
     */
    AsyncRequestContent newAttemptContent() {
        ByteBuffer resend;
        AsyncRequestContent content = new AsyncRequestContent();
        synchronized (this) {
            if (overflow || failed) {
                return null;
            }
            target = content;
            for (byte[] chunk : replay) {
                content.write(ByteBuffer.wrap(chunk), Callback.NOOP);
            }
            resend = inFlight == null ? null : inFlight.slice();
            if (resend == null && eof) {
                content.close();
            }
        }
        if (resend != null) {
            Taken taken = new Taken(content, resend.remaining());
            content.write(resend, taken);
            if (taken.completedInline()) {
                pump();
            }
        }
        return content;
    }

    /** Whether everything sent so far is still kept for a replay. */
    synchronized boolean replayable() {
        return !overflow && !failed;
    }

    /** Starts reading the client's body; call after the first attempt's content exists. */
    void start() {
        input.setReadListener(this);
    }

    @Override
    public void onDataAvailable() {
        pump();
    }

    @Override
    public void onAllDataRead() {
        synchronized (this) {
            eof = true;
            if (inFlight == null && target != null) {
                target.close();
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        synchronized (this) {
            failed = true;
        }
        onClientFailure.accept(failure);
    }

    private void pump() {
        while (true) {
            AsyncRequestContent content;
            ByteBuffer chunk;
            synchronized (this) {
                if (inFlight != null || eof || failed || target == null) {
                    return;
                }
                int read;
                try {
                    if (!input.isReady()) {
                        return;
                    }
                    read = input.read(buffer);
                } catch (IOException | RuntimeException x) {
                    failed = true;
                    onClientFailure.accept(x);
                    return;
                }
                if (read < 0) {
                    eof = true;
                    target.close();
                    return;
                }
                if (read == 0) {
                    continue;
                }
                this.read += read;
                if (this.read > maxBytes) {
                    failed = true;
                    onClientFailure.accept(new TooLargeException());
                    return;
                }
                inFlight = ByteBuffer.wrap(buffer, 0, read);
                content = target;
                chunk = inFlight.slice();
            }
            Taken taken = new Taken(content, chunk.remaining());
            content.write(chunk, taken);
            if (!taken.completedInline()) {
                return;
            }
        }
    }

    /** The upstream side took (or failed to take) the chunk in flight. */
    private final class Taken implements Callback {
        private final AsyncRequestContent content;
        private final int length;
        private boolean inline = true;
        private boolean done;

        Taken(AsyncRequestContent content, int length) {
            this.content = content;
            this.length = length;
        }

        synchronized boolean completedInline() {
            inline = done;
            return done;
        }

        @Override
        public void succeeded() {
            boolean resume;
            synchronized (RequestBodyPump.this) {
                if (content != target) {
                    return;
                }
                if (!overflow && sent + length <= replayLimit) {
                    replay.add(Arrays.copyOf(buffer, length));
                } else if (!overflow) {
                    overflow = true;
                    replay.clear();
                }
                sent += length;
                inFlight = null;
                if (eof) {
                    target.close();
                }
            }
            synchronized (this) {
                done = true;
                resume = !inline;
            }
            if (resume) {
                pump();
            }
        }

        @Override
        public void failed(Throwable x) {
            // The attempt failed; the exchange decides whether a new attempt replays the chunk.
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
