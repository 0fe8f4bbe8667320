package io.gatehouse.proxy.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1, port 0, in front of an upstream, that plays a load balancer or NAT
 * in between which forgets idle connections without telling anyone: a connection idle for longer
 * than the limit is reset (RST) when the client next sends on it, and its bytes never reach the
 * upstream. Counts connections and resets.
 */
final class SilentDropRelay implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final InetSocketAddress target;
    private final long idleNanos;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private SilentDropRelay(int targetPort, Duration idleLimit) throws IOException {
        this.serverSocket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.idleNanos = idleLimit.toNanos();
        Thread acceptor = new Thread(this::accept, "silent-drop-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays to the upstream on {@code targetPort}, forgetting connections idle longer than {@code idleLimit}. */
    static SilentDropRelay to(int targetPort, Duration idleLimit) throws IOException {
        return new SilentDropRelay(targetPort, idleLimit);
    }

    String uri() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections reset because they had been idle too long. */
    int resets() {
        return resets.get();
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                connections.incrementAndGet();
                new Link(client).start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One relayed connection: a thread per direction. */
    private final class Link {
        private final Socket client;
        private volatile Socket upstream;
        private volatile long lastActivity = System.nanoTime();

        Link(Socket client) {
            this.client = client;
        }

        void start() throws IOException {
            upstream = new Socket(target.getAddress(), target.getPort());
            open.add(client);
            open.add(upstream);
            thread(this::clientToUpstream, "relay-c2u");
            thread(this::upstreamToClient, "relay-u2c");
        }

        private void clientToUpstream() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = client.getInputStream()) {
                OutputStream out = upstream.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (System.nanoTime() - lastActivity > idleNanos) {
                        reset();
                        return;
                    }
                    out.write(buffer, 0, n);
                    lastActivity = System.nanoTime();
                }
            } catch (IOException e) {
                // either side went away
            }
            closeBoth();
        }

        private void upstreamToClient() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    lastActivity = System.nanoTime();
                }
            } catch (IOException e) {
                // either side went away
            }
            closeBoth();
        }

        private void reset() {
            resets.incrementAndGet();
            try {
                client.setSoLinger(true, 0);
            } catch (IOException e) {
                // closing anyway
            }
            closeBoth();
        }

        private void closeBoth() {
            close(client);
            close(upstream);
        }

        private void thread(Runnable task, String name) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : open) {
            close(socket);
        }
    }
}
