package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.forward.ForwardFailure;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Applies a route's timeouts to one proxy-to-server request:
 * <ul>
 *   <li>connect: from sending until the request begins on a connection (opening one, or
 *       waiting for a pooled one);</li>
 *   <li>response: from the request being fully sent until the response begins;</li>
 *   <li>idle: jetty-client's per-request idle timeout for the rest of the exchange.</li>
 * </ul>
 * A timeout aborts the request with an {@link UpstreamTimeoutException} naming it.
 */
public final class UpstreamTimeouts {

    private final Request proxyToServerRequest;
    private final Scheduler scheduler;
    private final long responseMillis;
    private volatile Scheduler.Task connectTask;
    private volatile Scheduler.Task responseTask;
    private volatile boolean responseBegun;

    private UpstreamTimeouts(Request proxyToServerRequest, Scheduler scheduler, long responseMillis) {
        this.proxyToServerRequest = proxyToServerRequest;
        this.scheduler = scheduler;
        this.responseMillis = responseMillis;
    }

    /**
     * Arms the route's timeouts on the request; call just before it is sent.
     *
     * <p>Scheduler tasks cost a locked insert and removal in the scheduler's queue per request, so
     * they are armed only when they can fire first: the connect task when the route's connect
     * timeout is shorter than the client's own (the longest of all routes, which jetty-client
     * enforces on connecting), the response task when the response timeout is shorter than the
     * idle timeout (which otherwise ends a silent wait for the response first).
     *
     * <p>The idle timeout is set on the request only when it differs from the connections' own
     * (jetty-client's idle timeout, {@code ProxyConfig.upstreamIdleTimeout()}): jetty-client sets a
     * request's idle timeout on the connection for the exchange and puts the old one back when the
     * connection is released, and each change to a shorter one cancels and re-schedules the
     * connection's idle task in the scheduler's locked queue, once per request.
     *
     * @param clientConnectTimeoutMillis the connect timeout jetty-client enforces itself
     * @param clientIdleTimeoutMillis the idle timeout of jetty-client's connections
     */
    static void apply(Request proxyToServerRequest, Route route, Scheduler scheduler, long clientConnectTimeoutMillis,
                      long clientIdleTimeoutMillis) {
        long idleMillis = route.idleTimeout().toMillis();
        if (idleMillis != clientIdleTimeoutMillis) {
            proxyToServerRequest.idleTimeout(idleMillis, TimeUnit.MILLISECONDS);
        }
        long connectMillis = route.connectTimeout().toMillis();
        long responseMillis = route.responseTimeout().toMillis();
        boolean connectTask = connectMillis < clientConnectTimeoutMillis;
        boolean responseTask = responseMillis < idleMillis;
        if (!connectTask && !responseTask) {
            return;
        }
        UpstreamTimeouts timeouts = new UpstreamTimeouts(proxyToServerRequest, scheduler, responseMillis);
        if (connectTask) {
            timeouts.connectTask = scheduler.schedule(() -> timeouts.fire(ForwardFailure.CONNECT_TIMEOUT),
                    connectMillis, TimeUnit.MILLISECONDS);
        }
        if (!responseTask) {
            proxyToServerRequest
                    .onRequestBegin(request -> timeouts.cancel(timeouts.connectTask))
                    .onComplete(result -> timeouts.cancel(timeouts.connectTask));
            return;
        }
        proxyToServerRequest
                .onRequestBegin(request -> timeouts.cancel(timeouts.connectTask))
                .onRequestSuccess(request -> timeouts.startResponseTimer())
                .onResponseBegin(response -> timeouts.responseBegan())
                .onComplete(result -> {
                    timeouts.cancel(timeouts.connectTask);
                    timeouts.cancel(timeouts.responseTask);
                });
    }

    /**
     * Arms the response timer once the request is sent. jetty-client may read the response's
     * head on another thread before it tells the request succeeded, so the timer may be armed
     * after the response began: it is then cancelled at once (both sides read what the other
     * wrote, volatile), else it would cut a streamed response at the response timeout.
     */
    private void startResponseTimer() {
        Scheduler.Task task = scheduler.schedule(() -> {
            if (!responseBegun) {
                fire(ForwardFailure.RESPONSE_TIMEOUT);
            }
        }, responseMillis, TimeUnit.MILLISECONDS);
        responseTask = task;
        if (responseBegun) {
            task.cancel();
        }
    }

    private void responseBegan() {
        responseBegun = true;
        cancel(responseTask);
    }

    private void fire(ForwardFailure failure) {
        proxyToServerRequest.abort(new UpstreamTimeoutException(failure));
    }

    private void cancel(Scheduler.Task task) {
        if (task != null) {
            task.cancel();
        }
    }
}
