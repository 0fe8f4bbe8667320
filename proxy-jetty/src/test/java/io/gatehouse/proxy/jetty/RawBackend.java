package io.gatehouse.proxy.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream on 127.0.0.1, port 0, that answers every request with the same raw bytes and
 * closes the connection: for responses a real server would refuse to send. Records the
 * request heads it read.
 */
final class RawBackend implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private RawBackend(String response) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!serverSocket.isClosed()) {
                try (Socket socket = serverSocket.accept()) {
                    heads.add(readHead(socket.getInputStream()));
                    socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException closed) {
                    // the server socket was closed, or the peer went away
                }
            }
        }, "raw-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawBackend answering(String response) throws IOException {
        return new RawBackend(response);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String uri() {
        return "http://127.0.0.1:" + port();
    }

    /** The next request head read, waiting up to 5 s. */
    String takeHead() throws InterruptedException {
        String head = heads.poll(5, TimeUnit.SECONDS);
        if (head == null) {
            throw new AssertionError("the raw backend saw no request within 5 s");
        }
        return head;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
