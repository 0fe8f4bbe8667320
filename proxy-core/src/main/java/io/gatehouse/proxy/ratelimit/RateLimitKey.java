package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestView;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which bucket a request draws from: by client address, by a header, by route, one for all, or
 * any function of the request. A null key means the limiter does not apply to the request.
 */
@FunctionalInterface
public interface RateLimitKey {

    /** The longest header value used as a key; longer values fall back to the client address. */
    int MAX_HEADER_KEY_LENGTH = 256;

    /**
     * The bucket key for a request, or null to leave the request alone.
     *
     * @param routeId the id of the route the request matched
     */
    String of(RequestView request, String routeId);

    /**
     * By resolved client address ({@link RequestView#clientAddress()}): one bucket per IPv4
     * address and per IPv6 {@code /64} (one subscriber's usual allocation; otherwise a single
     * client could spread over 2<sup>64</sup> addresses and buckets).
     */
    static RateLimitKey clientAddress() {
        return clientNetwork(32, 64);
    }

    /** By client network: the address with only its first {@code ipv4Bits} / {@code ipv6Bits} bits kept. */
    static RateLimitKey clientNetwork(int ipv4Bits, int ipv6Bits) {
        if (ipv4Bits < 0 || ipv4Bits > 32) {
            throw new IllegalArgumentException("ipv4Bits: " + ipv4Bits + " (expected: 0-32)");
        }
        if (ipv6Bits < 0 || ipv6Bits > 128) {
            throw new IllegalArgumentException("ipv6Bits: " + ipv6Bits + " (expected: 0-128)");
        }
        return (request, routeId) -> clientKey(request.clientAddress(), ipv4Bits, ipv6Bits);
    }

    /**
     * By the value of a header, e.g. an API key or a tenant id ({@code h:} + value). A request
     * without the header, or with a value longer than {@value #MAX_HEADER_KEY_LENGTH}
     * characters, is keyed by its client address instead, so leaving the header out does not
     * escape the limit. Only meaningful after the header was authenticated (an access policy),
     * or any value buys a fresh bucket.
     */
    static RateLimitKey header(String name) {
        Objects.requireNonNull(name, "name");
        if (!HeaderValues.isToken(name)) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a header name such as X-API-Key)");
        }
        RateLimitKey fallback = clientAddress();
        return (request, routeId) -> {
            String value = request.header(name);
            return value == null || value.length() > MAX_HEADER_KEY_LENGTH ? fallback.of(request, routeId) : "h:" + value;
        };
    }

    /** One bucket per route, shared by all its clients ({@code r:} + route id). */
    static RateLimitKey route() {
        return (request, routeId) -> "r:" + routeId;
    }

    /** One bucket for every request the limiter sees. */
    static RateLimitKey global() {
        return (request, routeId) -> "*";
    }

    /** By a function of the request; a null result leaves the request alone. */
    static RateLimitKey of(Function<RequestView, String> function) {
        Objects.requireNonNull(function, "function");
        return (request, routeId) -> function.apply(request);
    }

    /**
     * The canonical network of a client address as a key: {@code 203.0.113.9} or
     * {@code 2001:db8:1:2::/64}; an address that is not an IP literal is its own key.
     */
    static String clientKey(String address, int ipv4Bits, int ipv6Bits) {
        if (address == null) {
            return "";
        }
        boolean plainIpv4 = ipv4Bits == 32 && address.indexOf(':') < 0;
        if (plainIpv4) {
            return address;
        }
        IpAddress ip = IpAddress.tryParse(address);
        if (ip == null) {
            return address;
        }
        int bits = ip.isIpv4() ? ipv4Bits : ipv6Bits;
        return bits == ip.bitLength() ? ip.toString() : ip.mask(bits) + "/" + bits;
    }
}
