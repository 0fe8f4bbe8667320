package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ProxyConfigException;
import io.gatehouse.proxy.jetty.ProxyMount;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse proxy}: a plain gateway, like Caddy's {@code reverse-proxy} command. It listens
 * on one address and forwards every request, path and query unchanged, to the {@code --to}
 * upstreams in turn (one group {@code upstreams}, one route for every path).
 *
 * <p>To add an option, declare it among the fields below and apply it in {@link #config()} (for
 * what the proxy does) or {@link #start()} (for how it listens).
 */
@Command(name = "proxy", sortOptions = false,
        description = "Forwards every request to the upstreams, round robin.",
        footer = {"", "Example:", "  gatehouse proxy --to http://127.0.0.1:9001 --to http://127.0.0.1:9002"})
public final class ProxyCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            converter = ListenAddress.Converter.class,
            description = "Address to listen on (port 0: any free port). Default: ${DEFAULT-VALUE}.")
    ListenAddress listen;

    @Option(names = "--to", paramLabel = "URL", required = true,
            description = "An upstream, e.g. http://127.0.0.1:9001; repeat for more.")
    List<String> upstreams;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedServer server = start();
        out.println("Gatehouse proxy listening on " + server.uri() + " -> " + upstreams);
        out.flush();
        Foreground.hold(server, out);
        return 0;
    }

    /**
     * The proxy's configuration from the options.
     *
     * @throws ParameterException naming the problem when an option makes an invalid configuration
     */
    ProxyConfig config() {
        try {
            return ProxyConfig.builder()
                    .upstreamGroup("upstreams", group -> upstreams.forEach(group::upstream))
                    .route("all", route -> route.to("upstreams"))
                    .build();
        } catch (ProxyConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Starts the gateway with the parsed options and returns it running. */
    EmbeddedServer start() throws Exception {
        ProxyConfig config = config();
        return EmbeddedServer.start(listen.host(), listen.port(), context -> ProxyMount.at(context, "/", config));
    }
}
