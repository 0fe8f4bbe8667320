package io.gatehouse.proxy.jetty.edge;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the proxy-to-client response body asynchronously, one chunk at a time: the callback of
 * a chunk completes when the servlet output took it, and only then does the relay demand the next
 * chunk from the upstream (back-pressure). Direct buffers from jetty-client are written as they
 * are, without copying them into arrays.
 *
 * <p>A body that arrives whole in its first chunk (the common small response: its
 * {@code Content-Length} is reached by that chunk) goes out in one asynchronous write of the
 * head, the body and the end of the response ({@link HttpOutput#sendContent(ByteBuffer, Callback)}):
 * no write listener, so no dispatch of the servlet channel to another thread. Longer bodies
 * stream through the write listener.
 */
public final class ClientWriter implements WriteListener, BodyWriter {

    private final ServletOutputStream output;
    private final Consumer<Throwable> onClientFailure;
    private boolean listening;
    private boolean started;
    private boolean writing;
    private ByteBuffer pending;
    private Callback callback;

    public ClientWriter(ServletOutputStream output, Consumer<Throwable> onClientFailure) {
        this.output = output;
        this.onClientFailure = onClientFailure;
    }

    @Override
    public boolean started() {
        return started;
    }

    @Override
    public void write(ByteBuffer chunk, Callback callback) {
        // The Content-Length the client was promised (-1 when the body is chunked or compressed on its way).
        if (!started && output instanceof HttpOutput httpOutput
                && chunk.remaining() > 0 && chunk.remaining() == httpOutput.getApplicationContentLength()) {
            started = true;
            httpOutput.sendContent(chunk, Callback.from(callback::succeeded, failure -> {
                callback.failed(failure);
                onClientFailure.accept(failure);
            }));
            return;
        }
        started = true;
        this.pending = chunk;
        this.callback = callback;
        if (!listening) {
            listening = true;
            output.setWriteListener(this);
        } else {
            try {
                onWritePossible();
            } catch (Throwable x) {
                onError(x);
            }
        }
    }

    /** Nothing is held back: the servlet output completes the body when the exchange completes. */
    @Override
    public void finish(Callback callback) {
        callback.succeeded();
    }

    @Override
    public void onWritePossible() throws IOException {
        if (writing) {
            complete();
            return;
        }
        ByteBuffer chunk = pending;
        if (chunk == null) {
            return;
        }
        writing = true;
        if (output instanceof HttpOutput httpOutput) {
            httpOutput.write(chunk);
        } else {
            output.write(BufferUtil.toArray(chunk));
        }
        if (output.isReady()) {
            complete();
        }
    }

    private void complete() {
        writing = false;
        pending = null;
        Callback done = callback;
        callback = null;
        if (done != null) {
            done.succeeded();
        }
    }

    @Override
    public void onError(Throwable failure) {
        writing = false;
        pending = null;
        Callback done = callback;
        callback = null;
        if (done != null) {
            done.failed(failure);
        }
        onClientFailure.accept(failure);
    }
}
