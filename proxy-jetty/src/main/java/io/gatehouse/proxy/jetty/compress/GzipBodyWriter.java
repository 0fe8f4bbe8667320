package io.gatehouse.proxy.jetty.compress;

import io.gatehouse.proxy.jetty.edge.BodyWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.eclipse.jetty.util.Callback;

/**
 * Gzip-encodes the proxy-to-client body on its way out (RFC 1952), chunk by chunk: each upstream
 * chunk is deflated with a sync flush, so a streamed response (server-sent events, a slow
 * download) reaches the client as it comes instead of waiting for a full deflate window;
 * {@link #finish} writes the last block and the trailer. Memory is one deflater and one output
 * buffer per response.
 */
public final class GzipBodyWriter implements BodyWriter {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final BodyWriter delegate;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final CRC32 crc = new CRC32();
    private byte[] out = new byte[8192];
    private boolean headerWritten;
    private long size;

    GzipBodyWriter(BodyWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(ByteBuffer chunk, Callback callback) {
        crc.update(chunk.duplicate());
        size += chunk.remaining();
        deflater.setInput(chunk);
        int n = drain(false);
        // The input was consumed: the caller's chunk can be released now, the output is ours.
        delegate.write(ByteBuffer.wrap(withHeader(out, n, 0)), callback);
    }

    @Override
    public void finish(Callback callback) {
        deflater.finish();
        int n = drain(true);
        byte[] tail = withHeader(out, n, 8);
        int crcValue = (int) crc.getValue();
        int isize = (int) size;
        for (int i = 0; i < 4; i++) {
            tail[tail.length - 8 + i] = (byte) (crcValue >>> (8 * i));
            tail[tail.length - 4 + i] = (byte) (isize >>> (8 * i));
        }
        deflater.end();
        delegate.write(ByteBuffer.wrap(tail), Callback.from(() -> delegate.finish(callback), callback::failed));
    }

    /** Deflates all pending input into {@code out}: with a sync flush, or to the end when finishing. */
    private int drain(boolean finishing) {
        int total = 0;
        while (true) {
            if (total == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            total += finishing
                    ? deflater.deflate(out, total, out.length - total, Deflater.NO_FLUSH)
                    : deflater.deflate(out, total, out.length - total, Deflater.SYNC_FLUSH);
            boolean bufferFull = total == out.length;
            if (finishing ? deflater.finished() && !bufferFull : !bufferFull) {
                return total;
            }
        }
    }

    /** The first {@code n} bytes of {@code bytes}, after the gzip header if not sent yet, with {@code extra} bytes of room. */
    private byte[] withHeader(byte[] bytes, int n, int extra) {
        int header = headerWritten ? 0 : HEADER.length;
        byte[] result = new byte[header + n + extra];
        if (!headerWritten) {
            System.arraycopy(HEADER, 0, result, 0, HEADER.length);
            headerWritten = true;
        }
        System.arraycopy(bytes, 0, result, header, n);
        return result;
    }

    @Override
    public boolean started() {
        return delegate.started();
    }
}
