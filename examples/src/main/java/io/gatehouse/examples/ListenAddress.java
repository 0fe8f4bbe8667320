package io.gatehouse.examples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code HOST:PORT} to listen on: {@code 127.0.0.1:8080}, {@code [::1]:8080}, or {@code :8080}
 * for every interface. Port 0 means any free port.
 *
 * @param host the interface, without brackets
 * @param port 0 to 65535
 */
record ListenAddress(String host, int port) {

    /** Parses {@code HOST:PORT}; the message of the exception says what was expected. */
    static ListenAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw invalid(value);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (port < 0 || port > 65535) {
            throw invalid(value);
        }
        return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' (expected: HOST:PORT with a port from 0 to 65535,"
                + " e.g. 127.0.0.1:8080, [::1]:8080 or :8080)");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Lets picocli parse {@code --listen}; a bad value is a usage error naming the option. */
    static final class Converter implements ITypeConverter<ListenAddress> {
        @Override
        public ListenAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
