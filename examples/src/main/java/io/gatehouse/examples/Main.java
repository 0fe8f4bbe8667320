package io.gatehouse.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code gatehouse} command. Without a subcommand it runs the {@link QuickStart}; {@code
 * gatehouse proxy} runs the {@link ProxyCommand} gateway. A usage error prints the one error and
 * a {@code --help} hint to stderr and exits with 2 ({@link UsageErrors}); a server that cannot
 * start (e.g. port taken) exits with 1.
 */
@Command(name = "gatehouse", sortOptions = false, versionProvider = GatehouseVersion.class,
        subcommands = {ProxyCommand.class, HelpCommand.class},
        description = {"Gatehouse, an embeddable reverse proxy on Jetty.",
            "Without a command: the quick start, a host application with Gatehouse mounted at /api,"
                + " in front of three demo backends."})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + QuickStart.DEFAULT_PORT,
            description = "Quick start: the host application's port on 127.0.0.1 (0: any free port)."
                    + " Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--tls-self-signed",
            description = "Quick start: serve HTTPS with a certificate generated at start-up, for trying it out"
                    + " (not for production); prints its SHA-256 fingerprint and where its PEM is.")
    boolean tlsSelfSigned;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code gatehouse} command line, ready to {@link CommandLine#execute execute}. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(Main::reportStartFailure);
    }

    /** Runs the quick start until Ctrl-C. */
    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " (expected: 0 to 65535)");
        }
        PrintWriter out = spec.commandLine().getOut();
        QuickStart quickStart = QuickStart.start(port,
                tlsSelfSigned ? StartupCertificate.generate(QuickStart.HOST) : null);
        quickStart.printWelcome(out);
        Foreground.hold(quickStart, out);
        return 0;
    }

    /** A server that could not start (I/O, e.g. the port is taken) is reported in one line; anything else is a bug. */
    private static int reportStartFailure(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (!(e instanceof IOException)) {
            throw e;
        }
        Throwable cause = e.getCause();
        commandLine.getErr().println("gatehouse: " + e.getMessage()
                + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        commandLine.getErr().flush();
        return 1;
    }
}
