package io.gatehouse.examples;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --to} value: an upstream URL, optionally with its weight for the weighted policies,
 * as {@code URL;weight=N} (quote it in a shell: {@code --to 'http://127.0.0.1:9001;weight=3'}).
 * The URL itself is checked by the core's configuration; only the weight is parsed here.
 *
 * @param url the upstream URL as given, without the weight
 * @param weight the relative weight, 1 unless given
 * @param weighted whether the weight was given
 */
record UpstreamOption(String url, int weight, boolean weighted) {

    /** The largest weight {@code --to URL;weight=N} takes. */
    static final int MAX_WEIGHT = 1000;

    private static final String WEIGHT = "weight";

    /**
     * Parses {@code URL} or {@code URL;weight=N}; a {@code ;} not followed by {@code weight} stays
     * part of the URL (a path may carry parameters). The message of the exception says what was
     * expected, with any user info of the URL masked.
     */
    static UpstreamOption parse(String value) {
        int semicolon = value.lastIndexOf(';');
        String parameter = semicolon < 0 ? "" : value.substring(semicolon + 1).trim();
        if (!parameter.toLowerCase(Locale.ROOT).startsWith(WEIGHT)) {
            return new UpstreamOption(value, 1, false);
        }
        String number = parameter.substring(WEIGHT.length()).trim();
        if (!number.startsWith("=")) {
            throw invalid(value);
        }
        int weight;
        try {
            weight = Integer.parseInt(number.substring(1).trim());
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw invalid(value);
        }
        return new UpstreamOption(value.substring(0, semicolon).trim(), weight, true);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + Secrets.userInfo(value) + "' (expected: URL or URL;weight=N with N"
                + " from 1 to " + MAX_WEIGHT + ", e.g. 'http://127.0.0.1:9001;weight=3')");
    }

    @Override
    public String toString() {
        String url = Secrets.userInfo(this.url);
        return weighted ? url + ";weight=" + weight : url;
    }

    /** Lets picocli parse {@code --to}; a bad weight is a usage error naming the option. */
    static final class Converter implements ITypeConverter<UpstreamOption> {
        @Override
        public UpstreamOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
