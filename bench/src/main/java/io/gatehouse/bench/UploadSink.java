package io.gatehouse.bench;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An origin for the big-upload check: reads and discards the whole request body, then answers
 * {@code 200} with the number of bytes it received as the text body. Listens on loopback only.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gatehouse.bench.UploadSink 8090
 * </pre>
 */
public final class UploadSink {

    private UploadSink() {
    }

    /**
     * Starts the sink and blocks until the JVM is stopped.
     *
     * @param args the port on 127.0.0.1
     */
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                long received = 0;
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = Content.Source.asInputStream(request)) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        received += n;
                    }
                }
                response.getHeaders().put("Content-Type", "text/plain");
                Content.Sink.write(response, true, received + "\n", callback);
                return true;
            }
        });
        server.start();
        System.out.println("Upload sink listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
