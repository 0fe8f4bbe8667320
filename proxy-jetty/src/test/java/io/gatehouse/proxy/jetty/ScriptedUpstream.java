package io.gatehouse.proxy.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A raw-socket upstream on 127.0.0.1, port 0, that keeps connections alive: for each request
 * head it reads (a body, if announced with {@code Content-Length}, is skipped) it writes the raw
 * bytes a reply function chooses, then closes the connection or waits for the next request.
 * For responses a real server would refuse to send (odd statuses, interim responses, unknown
 * transfer codings, letter cases). Records the request heads, the connections accepted and
 * the connections the proxy closed.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** What the upstream writes for one request, and whether it closes the connection afterwards. */
    record Reply(String bytes, boolean close) {
        static Reply keepAlive(String bytes) {
            return new Reply(bytes, false);
        }

        static Reply thenClose(String bytes) {
            return new Reply(bytes, true);
        }
    }

    private final ServerSocket serverSocket;
    private final Function<String, Reply> replies;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByProxy = new AtomicInteger();

    private ScriptedUpstream(Function<String, Reply> replies) throws IOException {
        this.replies = replies;
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An upstream answering each request head (request line and headers, as read) with {@code replies}. */
    static ScriptedUpstream answering(Function<String, Reply> replies) throws IOException {
        return new ScriptedUpstream(replies);
    }

    String uri() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort();
    }

    /** The next request head read, waiting up to 5 s. */
    String takeHead() throws InterruptedException {
        String head = heads.poll(5, TimeUnit.SECONDS);
        if (head == null) {
            throw new AssertionError("the scripted upstream saw no request within 5 s");
        }
        return head;
    }

    /** How many connections the proxy opened. */
    int connections() {
        return connections.get();
    }

    /** How many connections the proxy closed (the upstream read end-of-stream before a request). */
    int closedByProxy() {
        return closedByProxy.get();
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket), "scripted-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                // the server socket was closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    closedByProxy.incrementAndGet();
                    return;
                }
                skipBody(in, head);
                heads.add(head);
                Reply reply = replies.apply(head);
                socket.getOutputStream().write(reply.bytes().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the proxy reset the connection, or the upstream was closed
        }
    }

    /** The head up to and including the empty line; null at end-of-stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
        }
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
