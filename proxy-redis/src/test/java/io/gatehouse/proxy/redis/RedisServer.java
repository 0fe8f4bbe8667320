package io.gatehouse.proxy.redis;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for the tests (Debian's package; {@code .ci/run} installs it):
 * started on 127.0.0.1 on a free port, without persistence, ready once it answers
 * {@code PING}; stopped by its PID ({@link Process#destroy}), and started again on the same
 * port to test recovery.
 */
final class RedisServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(15);

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** A new server on a free port, answering PING. */
    static RedisServer start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(port);
        server.startAgain();
        return server;
    }

    /** {@code redis://127.0.0.1:port}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the process (again, after {@link #stop}) on the same port and waits until it answers PING. */
    void startAgain() throws IOException {
        List<String> command = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no");
        File log = new File("target/redis-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // .ci/any-date runs the tests under libfaketime (LD_PRELOAD); redis-server cannot run
            // under it (recursive clock_gettime), and it is a peer, not what the date test checks
            builder.environment().keySet().removeIf(name -> name.equals("LD_PRELOAD") || name.startsWith("FAKETIME"));
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new IOException("cannot start redis-server (install it: apt-get install -y redis-server; .ci/run does)", e);
        }
        await("redis-server on port " + port + " answers PING").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server exited with " + process.exitValue() + "; see " + log);
                    }
                    return "+PONG".equals(command("PING"));
                });
    }

    /** Kills the server by its PID and waits until it is gone. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Freezes the server (SIGSTOP): its connections stay open, nothing is answered. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    /**
     * Sends one command in the inline form and returns the first line of the reply (for an
     * array reply of strings and integers, {@code *n} and the items joined with spaces).
     */
    String command(String... words) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((String.join(" ", words) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (!first.startsWith("*")) {
                return first;
            }
            StringBuilder all = new StringBuilder(first);
            int items = Integer.parseInt(first.substring(1));
            for (int i = 0; i < items; i++) {
                String item = line(in);
                if (item.startsWith("$")) {
                    item = line(in);
                } else if (item.startsWith(":")) {
                    item = item.substring(1);
                }
                all.append(' ').append(item);
            }
            return all.toString();
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
