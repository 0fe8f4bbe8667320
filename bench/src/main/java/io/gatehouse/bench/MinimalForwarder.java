package io.gatehouse.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The floor of a forwarder on Jetty 12 and jetty-client, measured beside Gatehouse by
 * {@code bench/load.sh} (target {@code minimal}): one core {@link Handler} (no servlet layer) that
 * forwards every request to one upstream with one shared {@link HttpClient}. Bodies stream in
 * both directions with back-pressure (the request body is the server request itself as the
 * client's content source; each response chunk is written to the client before the next is
 * demanded); headers are copied minus the hop-by-hop ones (RFC 9110 §7.6.1, and those the
 * {@code Connection} header names); an upstream failure before the response is committed is a
 * bare 502. Nothing else: no routing, no forwarded headers, no retries, no timeouts, no cache.
 *
 * <p>It uses what Gatehouse already found cheapest (bench/RESULTS.md, ADR 0007): an HTTP/1.1
 * transport with {@code NON_BLOCKING} response listeners and one client selector per core, and
 * the destination resolved once. With {@code --handler non-blocking} (the default) the handler
 * declares itself non-blocking, so Jetty runs it on the selector thread that parsed the request
 * (no dispatch to a pool thread): this is what a servlet cannot do, and
 * {@code --handler blocking} measures the difference.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gatehouse.bench.MinimalForwarder \
 *     --listen 127.0.0.1:18088 --to http://127.0.0.1:18080 [--handler non-blocking|blocking] \
 *     [--client non-blocking|blocking] [--selectors N]
 * </pre>
 */
public final class MinimalForwarder extends Handler.Abstract {

    private final HttpClient client;
    private final URI upstream;
    private volatile Destination destination;

    private MinimalForwarder(InvocationType type, HttpClient client, URI upstream) {
        super(type);
        this.client = client;
        this.upstream = upstream;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpFields requestHeaders = request.getHeaders();
        org.eclipse.jetty.client.Request upstreamRequest = client.newRequest(upstream)
                .method(request.getMethod())
                .path(request.getHttpURI().getPathQuery())
                .headers(headers -> copyRequestHeaders(requestHeaders, headers));
        if (request.getLength() > 0 || requestHeaders.contains(HttpHeader.TRANSFER_ENCODING)) {
            upstreamRequest.body(new RequestContent(request));
        }
        Relay relay = new Relay(request, response, callback);
        Destination target = destination;
        if (target == null) {
            target = client.resolveDestination(upstreamRequest);
            destination = target;
        }
        target.send(upstreamRequest, relay);
        return true;
    }

    /** The upstream response to the client: head, then each chunk, demanding the next once it is written. */
    private static final class Relay implements org.eclipse.jetty.client.Response.Listener {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private long remaining = -1;

        Relay(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response upstreamResponse) {
            response.setStatus(upstreamResponse.getStatus());
            HttpFields upstreamHeaders = upstreamResponse.getHeaders();
            copyResponseHeaders(upstreamHeaders, response.getHeaders());
            remaining = upstreamHeaders.getLongField(HttpHeader.CONTENT_LENGTH);
        }

        private static void copyResponseHeaders(HttpFields upstreamHeaders, HttpFields.Mutable headers) {
            Set<String> connectionTokens = connectionTokens(upstreamHeaders);
            for (HttpField field : upstreamHeaders) {
                HttpHeader header = field.getHeader();
                if (header == HttpHeader.DATE || header == HttpHeader.SERVER) {
                    headers.put(field); // replaces the one the server presets (one Date, RFC 9110 §6.6.1)
                } else if (!hopByHop(field, connectionTokens)) {
                    headers.add(field);
                }
            }
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response upstreamResponse, Content.Chunk chunk, Runnable demander) {
            ByteBuffer buffer = chunk.getByteBuffer();
            if (!buffer.hasRemaining()) {
                demander.run();
                return;
            }
            // The chunk that completes the Content-Length goes out with the head and the end in one write.
            boolean last = remaining > 0 && (remaining -= buffer.remaining()) == 0;
            chunk.retain();
            response.write(last, buffer, Callback.from(() -> {
                chunk.release();
                demander.run();
            }, failure -> {
                chunk.release();
                upstreamResponse.abort(failure);
            }));
        }

        @Override
        public void onComplete(Result result) {
            if (result.isSucceeded()) {
                callback.succeeded();
            } else if (!response.isCommitted()) {
                Response.writeError(request, response, callback, 502);
            } else {
                callback.failed(result.getFailure());
            }
        }
    }

    /** The server request's body as the upstream request's content: read and demanded straight through. */
    private static final class RequestContent implements org.eclipse.jetty.client.Request.Content {
        private final Request request;

        RequestContent(Request request) {
            this.request = request;
        }

        @Override
        public String getContentType() {
            return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        }

        @Override
        public long getLength() {
            return request.getLength();
        }

        @Override
        public Content.Chunk read() {
            return request.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            request.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            request.fail(failure);
        }
    }

    private static void copyRequestHeaders(HttpFields requestHeaders, HttpFields.Mutable headers) {
        Set<String> connectionTokens = connectionTokens(requestHeaders);
        for (HttpField field : requestHeaders) {
            // Host: jetty-client sets the upstream's from the request URI.
            if (!hopByHop(field, connectionTokens) && field.getHeader() != HttpHeader.HOST) {
                headers.add(field);
            }
        }
    }

    private static boolean hopByHop(HttpField field, Set<String> connectionTokens) {
        HttpHeader header = field.getHeader();
        if (header != null) {
            switch (header) {
                case CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, TE, TRAILER, TRANSFER_ENCODING, UPGRADE:
                    return true;
                default:
                    break;
            }
        }
        return connectionTokens != null && connectionTokens.contains(field.getLowerCaseName());
    }

    /** Header names a {@code Connection} field lists beyond {@code close} and {@code keep-alive}; null when none (the usual case). */
    private static Set<String> connectionTokens(HttpFields fields) {
        Set<String> tokens = null;
        for (HttpField field : fields) {
            if (field.getHeader() != HttpHeader.CONNECTION) {
                continue;
            }
            for (String value : field.getValues()) {
                String token = value.trim().toLowerCase(Locale.ROOT);
                if (!token.isEmpty() && !token.equals("close") && !token.equals("keep-alive")) {
                    if (tokens == null) {
                        tokens = new TreeSet<>();
                    }
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /**
     * Starts the forwarder and blocks until the JVM is stopped.
     *
     * @param args {@code --listen HOST:PORT --to URL [--handler non-blocking|blocking]
     *             [--client non-blocking|blocking] [--selectors N]}
     */
    public static void main(String[] args) throws Exception {
        String listen = "127.0.0.1:8080";
        String to = null;
        String handler = "non-blocking";
        String clientType = "non-blocking";
        int selectors = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--listen" -> listen = value(args, ++i);
                case "--to" -> to = value(args, ++i);
                case "--handler" -> handler = value(args, ++i);
                case "--client" -> clientType = value(args, ++i);
                case "--selectors" -> selectors = Integer.parseInt(value(args, ++i));
                default -> usage("unknown option: " + args[i]);
            }
        }
        if (to == null) {
            usage("--to: missing (expected: the origin's URL, e.g. http://127.0.0.1:8081)");
        }
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            usage("--listen: " + listen + " (expected: HOST:PORT, e.g. 127.0.0.1:8088)");
        }
        Invocable.InvocationType handlerType = invocationType("--handler", handler);
        Invocable.InvocationType clientInvocation = invocationType("--client", clientType);

        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setSelectors(selectors);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
        transport.setInvocationType(clientInvocation);
        HttpClient client = new HttpClient(transport);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(64);
        client.getContentDecoderFactories().clear();
        client.start();

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(listen.substring(0, colon));
        connector.setPort(Integer.parseInt(listen.substring(colon + 1)));
        server.addConnector(connector);
        server.setHandler(new MinimalForwarder(handlerType, client, URI.create(to)));
        server.start();
        System.out.println("Minimal forwarder (handler " + handler + ", client " + clientType + ", "
                + selectors + " client selectors) listening on " + listen + " -> " + to);
        server.join();
    }

    private static Invocable.InvocationType invocationType(String option, String value) {
        return switch (value) {
            case "non-blocking" -> Invocable.InvocationType.NON_BLOCKING;
            case "blocking" -> Invocable.InvocationType.BLOCKING;
            default -> throw usage(option + ": " + value + " (expected: non-blocking or blocking)");
        };
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + ": missing value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: MinimalForwarder --listen HOST:PORT --to URL [--handler non-blocking|blocking]"
                + " [--client non-blocking|blocking] [--selectors N]");
        System.exit(2);
        return new IllegalArgumentException(problem);
    }
}
