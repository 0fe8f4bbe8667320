package io.gatehouse.examples;

import io.gatehouse.proxy.ratelimit.Quota;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A rate limit as {@code --rate-limit} writes it: {@code RATE[/s|/m][:BURST]}, e.g. {@code 10}
 * or {@code 10/s} (ten requests a second, at most ten at once), {@code 10/s:50} (ten a second,
 * bursts of fifty), {@code 600/m:20} (ten a second on average, per minute).
 *
 * @param quota the token bucket's refill rate and capacity
 * @param text the option as given, for messages
 */
record RateLimitOption(Quota quota, String text) {

    /** Parses the option; the exception's message says what was expected. */
    static RateLimitOption parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        long burst = -1;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            burst = number(text.substring(colon + 1), value);
            text = text.substring(0, colon);
        }
        boolean perMinute = false;
        if (text.endsWith("/m") || text.endsWith("/min")) {
            perMinute = true;
            text = text.substring(0, text.lastIndexOf('/'));
        } else if (text.endsWith("/s")) {
            text = text.substring(0, text.length() - 2);
        }
        long rate = number(text, value);
        Quota quota = perMinute ? Quota.perMinute(rate) : Quota.perSecond(rate);
        return new RateLimitOption(burst < 0 ? quota : quota.burst(burst), value);
    }

    private static long number(String digits, String value) {
        try {
            long n = Long.parseLong(digits.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + value + "' (expected: RATE[/s|/m][:BURST] with whole numbers of 1"
                + " or more, e.g. 10/s or 10/s:50)");
    }

    /** As the start-up line says it, e.g. {@code 10 requests/s, bursts of 50, per client}. */
    @Override
    public String toString() {
        boolean perMinute = quota.period().toSeconds() == 60;
        return quota.permits() + " requests/" + (perMinute ? "min" : "s") + ", bursts of " + quota.burst() + ", per client";
    }

    /** picocli's converter for options of this type. */
    static final class Converter implements ITypeConverter<RateLimitOption> {
        @Override
        public RateLimitOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
