package io.gatehouse.proxy.jetty;

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
final class UpstreamTimeouts {

    private final Request proxyToServerRequest;
    private final Scheduler scheduler;
    private final long responseMillis;
    private volatile Scheduler.Task connectTask;
    private volatile Scheduler.Task responseTask;

    private UpstreamTimeouts(Request proxyToServerRequest, Scheduler scheduler, long responseMillis) {
        this.proxyToServerRequest = proxyToServerRequest;
        this.scheduler = scheduler;
        this.responseMillis = responseMillis;
    }

    /** Arms the route's timeouts on the request; call just before it is sent. */
    static void apply(Request proxyToServerRequest, Route route, Scheduler scheduler) {
        proxyToServerRequest.idleTimeout(route.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        UpstreamTimeouts timeouts = new UpstreamTimeouts(proxyToServerRequest, scheduler, route.responseTimeout().toMillis());
        timeouts.connectTask = scheduler.schedule(() -> timeouts.fire(ForwardFailure.CONNECT_TIMEOUT),
                route.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        proxyToServerRequest
                .onRequestBegin(request -> timeouts.cancel(timeouts.connectTask))
                .onRequestSuccess(request -> timeouts.startResponseTimer())
                .onResponseBegin(response -> timeouts.cancel(timeouts.responseTask))
                .onComplete(result -> {
                    timeouts.cancel(timeouts.connectTask);
                    timeouts.cancel(timeouts.responseTask);
                });
    }

    private void startResponseTimer() {
        responseTask = scheduler.schedule(() -> fire(ForwardFailure.RESPONSE_TIMEOUT), responseMillis, TimeUnit.MILLISECONDS);
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
