package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.Problem;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AccessPolicy} or a request rule says about a request: let it through, or answer
 * it here with an RFC 9457 problem and response headers (e.g. {@code WWW-Authenticate}).
 */
public sealed interface Verdict permits Verdict.Allow, Verdict.Deny {

    /** Let the request through. */
    static Verdict allow() {
        return Allow.INSTANCE;
    }

    /** Answer with this status (400-599) and its standard title, no extra headers. */
    static Deny deny(int status) {
        return new Deny(Problem.of(status, null), Map.of());
    }

    /** Answer with this status, its standard title, a detail for the client (or null) and extra headers. */
    static Deny deny(int status, String detail, Map<String, String> headers) {
        return new Deny(Problem.of(status, detail), headers);
    }

    /** Whether the request may go on. */
    boolean allowed();

    /** The request may go on. */
    enum Allow implements Verdict {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The request is answered here.
     *
     * @param problem the status and RFC 9457 body
     * @param headers response headers to add; names are tokens, values have no CR/LF
     */
    record Deny(Problem problem, Map<String, String> headers) implements Verdict {

        public Deny {
            Objects.requireNonNull(problem, "problem");
            headers = Map.copyOf(headers);
            headers.forEach((name, value) -> {
                if (!HeaderValues.isToken(name)) {
                    throw new IllegalArgumentException("header name: '" + name + "' (expected: a token such as WWW-Authenticate)");
                }
                HeaderValues.requireSafe(name, value);
            });
        }

        /** The HTTP status. */
        public int status() {
            return problem.status();
        }

        @Override
        public boolean allowed() {
            return false;
        }
    }
}
