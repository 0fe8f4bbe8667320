package io.gatehouse.proxy.jetty.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.jetty.edge.BodyWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;

/** The streaming gzip writer produces RFC 1952 output any gzip reader decodes, chunk by chunk. */
class GzipBodyWriterTest {

    /** Collects what reaches the client. */
    private static final class Collector implements BodyWriter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        boolean finished;

        @Override
        public void write(ByteBuffer chunk, Callback callback) {
            writes++;
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            bytes.write(copy, 0, copy.length);
            callback.succeeded();
        }

        @Override
        public void finish(Callback callback) {
            finished = true;
            callback.succeeded();
        }

        @Override
        public boolean started() {
            return writes > 0;
        }
    }

    @Test
    void chunksDecodeToTheOriginalBody() throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog. ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[300_000];
        new Random(42).nextBytes(noise);
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        original.write(text);
        original.write(noise);
        byte[] body = original.toByteArray();

        Collector client = new Collector();
        GzipBodyWriter gzip = new GzipBodyWriter(client);
        for (int offset = 0; offset < body.length; offset += 16_384) {
            int n = Math.min(16_384, body.length - offset);
            ByteBuffer direct = ByteBuffer.allocateDirect(n).put(body, offset, n).flip();
            FutureCallback written = new FutureCallback();
            gzip.write(direct, written);
            written.get();
        }
        FutureCallback finished = new FutureCallback();
        gzip.finish(finished);
        finished.get();

        assertTrue(client.finished);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(client.bytes.toByteArray()))) {
            assertArrayEquals(body, in.readAllBytes());
        }
    }

    @Test
    void eachChunkIsFlushedSoAStreamReachesTheClientAsItComes() throws Exception {
        Collector client = new Collector();
        GzipBodyWriter gzip = new GzipBodyWriter(client);
        FutureCallback written = new FutureCallback();
        gzip.write(ByteBuffer.wrap("data: first event\n\n".getBytes(StandardCharsets.UTF_8)), written);
        written.get();
        // A sync flush makes the bytes so far decodable without the end of the stream.
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        byte[] sent = client.bytes.toByteArray();
        inflater.setInput(sent, 10, sent.length - 10);
        byte[] decoded = new byte[100];
        int n = inflater.inflate(decoded);
        assertArrayEquals("data: first event\n\n".getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(decoded, n));
    }

    @Test
    void emptyBodyIsAValidGzipStream() throws Exception {
        Collector client = new Collector();
        FutureCallback finished = new FutureCallback();
        new GzipBodyWriter(client).finish(finished);
        finished.get();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(client.bytes.toByteArray()))) {
            assertArrayEquals(new byte[0], in.readAllBytes());
        }
    }
}
