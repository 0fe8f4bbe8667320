package io.gatehouse.proxy.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client on one keep-alive connection: sends raw request bytes and reads one
 * response at a time (an interim 1xx response is one response), framed by
 * {@code Content-Length}, chunked coding, or the end of the connection. Reads time out after 5 s,
 * so a stalled connection fails the test instead of hanging it.
 */
final class KeepAliveClient implements AutoCloseable {

    /** One response as read: the head as sent (up to the empty line) and the body bytes, unchunked. */
    record RawResponse(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** Whether the head holds this exact header line. */
        boolean hasLine(String line) {
            return ("\r\n" + head).contains("\r\n" + line + "\r\n");
        }
    }

    private final Socket socket;
    private final InputStream in;

    KeepAliveClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
    }

    KeepAliveClient send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The next response on the connection. */
    RawResponse read() throws IOException {
        String head = readLine() + "\r\n";
        for (String line; !(line = readLine()).isEmpty(); ) {
            head += line + "\r\n";
        }
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        if (status < 200 || status == 204 || status == 304) {
            return new RawResponse(head, "");
        }
        if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
            return new RawResponse(head, body.toString(StandardCharsets.ISO_8859_1));
        }
        int at = lower.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(head.substring(at + 17, end).trim());
            return new RawResponse(head, new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
        }
        return new RawResponse(head, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    /** The next final (non-1xx) response, skipping interim ones. */
    RawResponse readFinal() throws IOException {
        RawResponse response = read();
        while (response.status() < 200) {
            response = read();
        }
        return response;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed by the proxy after: " + line);
            }
            line.append((char) b);
        }
        int end = line.length() - 1;
        return end >= 0 && line.charAt(end) == '\r' ? line.substring(0, end) : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
