package io.gatehouse.proxy.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between one instance and Redis that the test can cut and mend: a network
 * partition of that instance alone, while Redis and the other instances go on. Cut, it closes
 * every relayed connection and refuses new ones.
 */
final class CuttableLink implements AutoCloseable {

    private final ServerSocket server;
    private final int redisPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    private CuttableLink(ServerSocket server, int redisPort) {
        this.server = server;
        this.redisPort = redisPort;
    }

    static CuttableLink to(RedisServer redis) throws IOException {
        CuttableLink link = new CuttableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), redis.port());
        Thread acceptor = new Thread(link::accept, "cuttable-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return link;
    }

    /** {@code redis://127.0.0.1:port} of the relay. */
    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    void cut() {
        cut = true;
        sockets.forEach(CuttableLink::closeQuietly);
        sockets.clear();
    }

    void mend() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(client);
                sockets.add(redis);
                pump(client, redis);
                pump(redis, client);
            } catch (IOException e) {
                // closed, or Redis refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cuttable-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
