package io.gatehouse.bench;

import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's stock transparent proxy servlet ({@code ProxyServlet.Transparent} or {@code
 * AsyncProxyServlet.Transparent}) on one port, the baseline Gatehouse is measured against.
 *
 * <p>The server is built like the {@code gatehouse proxy} command's (default thread pool, one
 * connector, one servlet context at {@code /}, no server version header), so the servlet and
 * its forwarding leg are the only difference. Every servlet setting is Jetty's default.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gatehouse.bench.StockJettyProxy \
 *     --listen 127.0.0.1:8084 --to http://127.0.0.1:8081 --servlet async
 * </pre>
 */
public final class StockJettyProxy {

    private StockJettyProxy() {
    }

    /**
     * Starts the proxy and blocks until the JVM is stopped.
     *
     * @param args {@code --listen HOST:PORT --to URL [--servlet blocking|async]}
     */
    public static void main(String[] args) throws Exception {
        String listen = "127.0.0.1:8080";
        String to = null;
        String servlet = "async";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--listen" -> listen = value(args, ++i);
                case "--to" -> to = value(args, ++i);
                case "--servlet" -> servlet = value(args, ++i);
                default -> usage("unknown option: " + args[i]);
            }
        }
        if (to == null) {
            usage("--to: missing (expected: the origin's URL, e.g. http://127.0.0.1:8081)");
        }
        Class<? extends jakarta.servlet.Servlet> type = switch (servlet) {
            case "blocking" -> ProxyServlet.Transparent.class;
            case "async" -> AsyncProxyServlet.Transparent.class;
            default -> throw usage("--servlet: " + servlet + " (expected: blocking or async)");
        };
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            usage("--listen: " + listen + " (expected: HOST:PORT, e.g. 127.0.0.1:8084)");
        }

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(listen.substring(0, colon));
        connector.setPort(Integer.parseInt(listen.substring(colon + 1)));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(type);
        holder.setInitParameter("proxyTo", to);
        holder.setInitParameter("prefix", "/");
        holder.setInitOrder(0);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        System.out.println("Stock Jetty " + type.getName() + " listening on " + listen + " -> " + to);
        server.join();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + ": missing value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: StockJettyProxy --listen HOST:PORT --to URL [--servlet blocking|async]");
        System.exit(2);
        return new IllegalArgumentException(problem);
    }
}
