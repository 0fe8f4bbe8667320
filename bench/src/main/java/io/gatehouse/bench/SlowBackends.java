package io.gatehouse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Backends with a fixed service time each, for {@code lb-shares.sh}: every request is answered
 * {@code 200 ok} after the backend's delay (scheduled, no thread waits), and counted. A control
 * port answers {@code GET /counts} with {@code PORT=COUNT} pairs, one line, and {@code GET /reset}
 * sets the counts back to zero. Listens on loopback only.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gatehouse.bench.SlowBackends 18181,18182,18183 5,100,5 18184
 * </pre>
 */
public final class SlowBackends {

    private SlowBackends() {
    }

    /**
     * Starts the backends and the control port, then blocks until the JVM is stopped.
     *
     * @param args comma-separated ports, comma-separated delays in milliseconds (one per port),
     *     the control port
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SlowBackends PORT,PORT,... DELAY_MS,DELAY_MS,... CONTROL_PORT");
            System.exit(2);
        }
        String[] ports = args[0].split(",");
        String[] delays = args[1].split(",");
        if (ports.length != delays.length) {
            System.err.println("SlowBackends: " + ports.length + " ports but " + delays.length + " delays (expected: one delay per port)");
            System.exit(2);
        }
        Server server = new Server();
        List<ServerConnector> connectors = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(Integer.parseInt(ports[i]));
            connector.setName("backend-" + i);
            server.addConnector(connector);
            connectors.add(connector);
            counts.add(new AtomicLong());
        }
        ServerConnector control = new ServerConnector(server);
        control.setHost("127.0.0.1");
        control.setPort(Integer.parseInt(args[2]));
        control.setName("control");
        server.addConnector(control);
        long[] delayMillis = new long[delays.length];
        for (int i = 0; i < delays.length; i++) {
            delayMillis[i] = Long.parseLong(delays[i]);
        }
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String connector = request.getConnectionMetaData().getConnector().getName();
                response.getHeaders().put("Content-Type", "text/plain");
                if (connector.equals("control")) {
                    StringBuilder out = new StringBuilder();
                    boolean reset = request.getHttpURI().getPath().equals("/reset");
                    for (int i = 0; i < counts.size(); i++) {
                        long count = reset ? counts.get(i).getAndSet(0) : counts.get(i).get();
                        out.append(i == 0 ? "" : " ").append(ports[i]).append('=').append(count);
                    }
                    Content.Sink.write(response, true, out.append('\n').toString(), callback);
                    return true;
                }
                int index = Integer.parseInt(connector.substring("backend-".length()));
                counts.get(index).incrementAndGet();
                request.getComponents().getScheduler().schedule(
                        () -> Content.Sink.write(response, true, "ok\n", callback), delayMillis[index], TimeUnit.MILLISECONDS);
                return true;
            }
        });
        server.start();
        System.out.println("SlowBackends: " + args[0] + " answering after " + args[1] + " ms; control on " + args[2]);
        server.join();
    }
}
