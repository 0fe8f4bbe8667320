package io.gatehouse.proxy;

import io.gatehouse.proxy.access.Cidr;
import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.ClientAddressResolver;
import io.gatehouse.proxy.access.ForwardedHeader;
import io.gatehouse.proxy.access.IpAccessList;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.rules.RequestRule;
import io.gatehouse.proxy.rules.RequestRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The proxy-wide edge options of a {@link ProxyConfig}: who the client is (trusted proxies),
 * global IP allow/deny lists and request rules, request size limits, request ids, and whether
 * {@code TRACE} is refused. Set through {@link ProxyConfig.Builder}; immutable.
 */
public final class EdgeConfig {

    /** Default longest request target (path and query) in characters; 414 beyond. */
    public static final int DEFAULT_MAX_URI_LENGTH = 8 * 1024;
    /** Default largest request line plus headers in bytes, for the adapter's connector; 431 beyond. */
    public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;
    /** Default request id header. */
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";

    private final ClientAddressResolver clientAddresses;
    private final IpAccessList ipAccess;
    private final List<RequestRule> rules;
    private final int maxUriLength;
    private final int maxHeaderSize;
    private final String requestIdHeader;
    private final Supplier<String> requestIds;
    private final boolean allowTrace;

    private EdgeConfig(Builder b) {
        this.clientAddresses = ClientAddressResolver.of(CidrSet.of(b.trustedProxies), b.trustedProxyHeader);
        this.ipAccess = IpAccessList.of(CidrSet.of(b.allow), CidrSet.of(b.deny));
        List<RequestRule> all = new ArrayList<>();
        all.add(RequestRules.headerConsistency());
        all.addAll(b.rules);
        this.rules = List.copyOf(all);
        this.maxUriLength = b.maxUriLength;
        this.maxHeaderSize = b.maxHeaderSize;
        this.requestIdHeader = b.requestIdHeader;
        this.requestIds = b.requestIds != null ? b.requestIds : RequestIds.generator();
        this.allowTrace = b.allowTrace;
    }

    /** How the client address is found: the socket peer, or what trusted proxies forwarded. */
    public ClientAddressResolver clientAddresses() {
        return clientAddresses;
    }

    /** The global allow and deny lists, checked before routing (403). */
    public IpAccessList ipAccess() {
        return ipAccess;
    }

    /**
     * The global request rules, checked before routing: {@link RequestRules#headerConsistency()}
     * first (always on), then those added, in order.
     */
    public List<RequestRule> rules() {
        return rules;
    }

    /** The longest request target (path and query) accepted, in characters (414 beyond). */
    public int maxUriLength() {
        return maxUriLength;
    }

    /**
     * The largest request line plus headers, in bytes (431 beyond). Enforced by the adapter on
     * its connector, where the bytes are counted.
     */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** The request id header, or null when request ids are off. */
    public String requestIdHeader() {
        return requestIdHeader;
    }

    /** Where new request ids come from. */
    public Supplier<String> requestIds() {
        return requestIds;
    }

    /** Whether {@code TRACE} is forwarded (default false: 405, RFC 9110 §9.3.8 lets it reflect credentials). */
    public boolean allowTrace() {
        return allowTrace;
    }

    /** Collects the edge options for {@link ProxyConfig.Builder}; setters validate into its problem list. */
    static final class Builder {

        private final List<Cidr> trustedProxies = new ArrayList<>();
        private ForwardedHeader trustedProxyHeader = ForwardedHeader.X_FORWARDED_FOR;
        private final List<Cidr> allow = new ArrayList<>();
        private final List<Cidr> deny = new ArrayList<>();
        private final List<RequestRule> rules = new ArrayList<>();
        private int maxUriLength = DEFAULT_MAX_URI_LENGTH;
        private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
        private String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
        private Supplier<String> requestIds;
        private boolean allowTrace;

        void trustedProxies(String[] cidrs, List<String> problems) {
            parse("trustedProxies", cidrs, trustedProxies, problems);
        }

        void trustedProxyHeader(ForwardedHeader header) {
            this.trustedProxyHeader = Objects.requireNonNull(header, "header");
        }

        void allow(String[] cidrs, List<String> problems) {
            parse("allow", cidrs, allow, problems);
        }

        void deny(String[] cidrs, List<String> problems) {
            parse("deny", cidrs, deny, problems);
        }

        void rules(RequestRule[] rules) {
            for (RequestRule rule : rules) {
                this.rules.add(Objects.requireNonNull(rule, "rule"));
            }
        }

        void maxUriLength(int max) {
            this.maxUriLength = max;
        }

        void maxHeaderSize(int max) {
            this.maxHeaderSize = max;
        }

        void requestIdHeader(String name) {
            this.requestIdHeader = name == null || name.isEmpty() ? null : name;
        }

        void requestIds(Supplier<String> generator) {
            this.requestIds = Objects.requireNonNull(generator, "generator");
        }

        void allowTrace(boolean allow) {
            this.allowTrace = allow;
        }

        /** Cross-field checks into {@code problems}; the built options, or null when there were problems. */
        EdgeConfig build(List<String> problems) {
            int before = problems.size();
            if (maxUriLength < 256) {
                problems.add("maxUriLength " + maxUriLength + " is invalid (expected: 256 or more characters)");
            }
            if (maxHeaderSize < 1024) {
                problems.add("maxHeaderSize " + maxHeaderSize + " is invalid (expected: 1024 or more bytes)");
            }
            if (requestIdHeader != null && !HeaderValues.isToken(requestIdHeader)) {
                problems.add("requestIdHeader '" + requestIdHeader + "' is invalid (expected: a header name such as"
                        + " X-Request-Id, or null to turn request ids off)");
            }
            return problems.size() > before ? null : new EdgeConfig(this);
        }

        private static void parse(String option, String[] cidrs, List<Cidr> into, List<String> problems) {
            for (String cidr : cidrs) {
                try {
                    into.add(Cidr.parse(cidr));
                } catch (IllegalArgumentException e) {
                    problems.add(option + ": " + e.getMessage().substring("cidr: ".length()));
                }
            }
        }
    }
}
