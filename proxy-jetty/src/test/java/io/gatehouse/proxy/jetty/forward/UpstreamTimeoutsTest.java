package io.gatehouse.proxy.jetty.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.Test;

/** Which timeouts {@link UpstreamTimeouts#apply} puts on a proxy-to-server request (no request is sent). */
class UpstreamTimeoutsTest {

    private static Route route(Duration idle) {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9"))
                .route("all", r -> {
                    r.pathPrefix("/").to("g");
                    if (idle != null) {
                        r.idleTimeout(idle);
                    }
                })
                .build();
        return config.routes().get(0);
    }

    private static long idleTimeoutSetOn(Route route, long clientIdleMillis) {
        Request request = new HttpClient().newRequest("http://127.0.0.1:9/");
        UpstreamTimeouts.apply(request, route, new ScheduledExecutorScheduler(), 5_000, clientIdleMillis);
        return request.getIdleTimeout();
    }

    @Test
    void theDefaultsAgreeSoNoRequestChangesItsConnectionsIdleTimeout() {
        assertEquals(ProxyConfig.DEFAULT_UPSTREAM_IDLE_TIMEOUT, Route.DEFAULT_IDLE_TIMEOUT);
        assertEquals(-1, idleTimeoutSetOn(route(null), ProxyConfig.DEFAULT_UPSTREAM_IDLE_TIMEOUT.toMillis()),
                "jetty-client keeps the connection's own idle timeout");
    }

    @Test
    void aRouteIdleTimeoutOtherThanTheConnectionsIsSetOnTheRequest() {
        assertEquals(5_000, idleTimeoutSetOn(route(Duration.ofSeconds(5)), 60_000));
        assertEquals(120_000, idleTimeoutSetOn(route(Duration.ofSeconds(120)), 60_000));
    }
}
