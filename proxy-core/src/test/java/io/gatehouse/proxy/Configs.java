package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

/** Shared starting points for configuration tests. */
public final class Configs {

    private Configs() {
    }

    /** A builder with one valid group {@code users} holding {@code http://127.0.0.1:9001}. */
    public static ProxyConfig.Builder withUsersGroup() {
        return ProxyConfig.builder().upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001"));
    }

    /** The problems {@code build()} reports; fails the test when it builds. */
    public static List<String> problemsOf(ProxyConfig.Builder builder) {
        return assertThrows(ProxyConfigException.class, builder::build).problems();
    }
}
