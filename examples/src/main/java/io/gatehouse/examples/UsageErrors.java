package io.gatehouse.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error as command-line tools do: the one error (with picocli's "did you mean"
 * suggestions for a mistyped option), then {@code Try 'gatehouse proxy --help' for more
 * information.}, on stderr, and exit code 2 ({@link CommandLine.ExitCode#USAGE}) — not the whole
 * help. Secrets are masked first ({@link Secrets}): a URL's user info and the value of
 * {@code --tls-password} never reach the terminal or a log.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        Secrets secrets = Secrets.in(args);
        err.println(secrets.mask(error.getMessage()));
        if (error instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            err.println("Did you mean: " + secrets.mask(String.join(" or ", unmatched.getSuggestions())) + "?");
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
