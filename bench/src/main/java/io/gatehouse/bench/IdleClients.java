package io.gatehouse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens many keep-alive client connections to a proxy, makes one request on each so that each
 * is a real, used HTTP/1.1 connection, then holds them all idle for a while and finally says how
 * many the proxy kept open. The idle-connection check of {@code bench/load.sh}; loopback only.
 *
 * <p>Prints {@code held N} once every connection has had its response (the moment to measure
 * the proxy), then {@code still-open M of N} after the hold. Connections are
 * opened by {@value #OPENING_THREADS} threads, each connecting, sending a request and reading
 * its response before opening the next.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gatehouse.bench.IdleClients 127.0.0.1 8087 /1k 10000 20
 * </pre>
 */
public final class IdleClients {

    private static final int OPENING_THREADS = 16;
    private static final int CONNECT_ATTEMPTS = 5;

    private IdleClients() {
    }

    /**
     * Runs the check.
     *
     * @param args host, port, path, number of connections, seconds to hold them
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int count = Integer.parseInt(args[3]);
        long holdSeconds = Long.parseLong(args[4]);
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("host: " + host + " (expected: a loopback address)");
        }
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        // Opened by several threads at once: one connection stalled by a SYN retransmit (an
        // accept queue full for a moment) holds back only its own thread.
        int threads = Math.min(OPENING_THREADS, count);
        List<List<Socket>> slices = new ArrayList<>();
        List<Thread> openers = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int share = count / threads + (t < count % threads ? 1 : 0);
            List<Socket> slice = new ArrayList<>(share);
            slices.add(slice);
            Thread opener = new Thread(() -> {
                try {
                    for (int i = 0; i < share; i++) {
                        Socket socket = connect(host, port, retries);
                        slice.add(socket);
                        socket.getOutputStream().write(request);
                        if (readResponse(socket.getInputStream()) == 200) {
                            answered.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "opener-" + t);
            openers.add(opener);
            opener.start();
        }
        for (Thread opener : openers) {
            opener.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<Socket> sockets = new ArrayList<>(count);
        slices.forEach(sockets::addAll);
        System.out.printf("held %d (%d answered 200) in %d ms, %d connects retried%n",
                count, answered.get(), (System.nanoTime() - started) / 1_000_000, retries.get());
        System.out.flush();

        Thread.sleep(holdSeconds * 1000);

        int open = 0;
        for (Socket socket : sockets) {
            if (stillOpen(socket)) {
                open++;
            }
        }
        System.out.printf("still-open %d of %d after %d s%n", open, count, holdSeconds);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Connects, trying again (up to {@value #CONNECT_ATTEMPTS} times) when the connection is refused. */
    private static Socket connect(String host, int port, AtomicInteger retries) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), 10_000);
                socket.setSoTimeout(60_000);
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (attempt == CONNECT_ATTEMPTS) {
                    throw e;
                }
                retries.incrementAndGet();
            }
        }
    }

    /** Reads one response with a {@code Content-Length} body and returns its status code. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        String text = head.toString();
        int status = Integer.parseInt(text.substring(9, 12));
        long length = 0;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        byte[] skip = new byte[8192];
        while (length > 0) {
            int n = in.read(skip, 0, (int) Math.min(skip.length, length));
            if (n < 0) {
                throw new IOException("connection closed in the response body");
            }
            length -= n;
        }
        return status;
    }

    /** True when the peer has not closed the connection (a read would block rather than end). */
    private static boolean stillOpen(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
