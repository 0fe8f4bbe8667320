package io.gatehouse.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A {@code redis-server} on 127.0.0.1 on a free port, without persistence, for {@code --redis}
 * (Debian's package; {@code .ci/run} installs it), ready once it answers PING, stopped by PID.
 * proxy-redis's tests have a fuller one (restarts, pauses).
 */
final class LocalRedis implements AutoCloseable {

    private final int port;
    private final Process process;

    private LocalRedis(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static LocalRedis start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no");
        // .ci/any-date runs the tests under libfaketime (LD_PRELOAD), under which redis-server cannot run
        builder.environment().keySet().removeIf(name -> name.equals("LD_PRELOAD") || name.startsWith("FAKETIME"));
        Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LocalRedis redis = new LocalRedis(port, process);
        try {
            await("redis-server answers PING on port " + port)
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> redis.answersPing() || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            redis.close();
            throw e;
        }
        if (!process.isAlive()) {
            redis.close();
            throw new IllegalStateException("redis-server exited before answering PING on port " + port);
        }
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
