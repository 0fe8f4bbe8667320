package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied exchange: sends the proxy-to-server request for each attempt, relays the
 * server-to-proxy response to the client, and answers failures with a problem (or aborts the
 * client response when it was already under way).
 *
 * <p>State is touched by the server's thread (start), jetty-client's threads (response events)
 * and the container's I/O callbacks; the fields shared between them are volatile, and the
 * response events of one attempt are sequential.
 */
final class ForwardExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardExchange.class);

    private final HttpClient client;
    private final String via;
    private final HttpServletRequest clientToProxyRequest;
    private final HttpServletResponse proxyToClientResponse;
    private final AsyncContext async;
    private final ForwardPlan plan;
    private final HttpFields upstreamHeaders;
    private final ClientWriter clientWriter;
    private final RequestBodyPump body;
    private final ExchangeListener listener;
    private volatile BodyWriter writer;

    private volatile int attempt;
    private volatile Request proxyToServerRequest;
    private volatile boolean begun;
    private volatile boolean responseHeadCopied;
    private volatile boolean clientFailed;

    ForwardExchange(HttpClient client, String via, HttpServletRequest clientToProxyRequest,
                    HttpServletResponse proxyToClientResponse, ForwardPlan plan, long replayLimit,
                    ExchangeListener listener) throws IOException {
        this.client = client;
        this.via = via;
        this.clientToProxyRequest = clientToProxyRequest;
        this.proxyToClientResponse = proxyToClientResponse;
        this.plan = plan;
        this.upstreamHeaders = UpstreamRequestHeaders.build(clientToProxyRequest, plan, via);
        this.async = clientToProxyRequest.startAsync();
        this.async.setTimeout(0);
        this.clientWriter = new ClientWriter(proxyToClientResponse.getOutputStream(), this::onClientFailure);
        this.writer = clientWriter;
        this.listener = listener;
        this.body = hasBody(clientToProxyRequest)
                ? new RequestBodyPump(clientToProxyRequest.getInputStream(), client.getRequestBufferSize(), replayLimit,
                this::onClientFailure)
                : null;
    }

    /** Sends the first attempt and starts reading the client's body. */
    void start() {
        send();
        if (body != null) {
            body.start();
        }
    }

    BodyWriter writer() {
        return writer;
    }

    ExchangeListener listener() {
        return listener;
    }

    private void send() {
        int number = ++attempt;
        begun = false;
        Request request = client.newRequest(plan.upstream().uri())
                .path(plan.pathAndQuery())
                .method(clientToProxyRequest.getMethod())
                .headers(headers -> headers.add(upstreamHeaders))
                .onRequestBegin(r -> begun = true);
        if (body != null) {
            AsyncRequestContent content = body.newAttemptContent();
            if (content == null) {
                fail(ForwardFailure.UPSTREAM_FAILED, null);
                return;
            }
            request.body(content);
        }
        UpstreamTimeouts.apply(request, plan.route(), client.getScheduler());
        proxyToServerRequest = request;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} {} {}", id(), number, request.getMethod(), plan.target());
        }
        request.send(new ResponseRelay(this, number));
    }

    /** The upstream's response head arrived: copy it to the client (nothing is committed yet). */
    void onResponseHead(int number, Response serverToProxyResponse) {
        if (number != attempt) {
            return;
        }
        responseHeadCopied = true;
        ClientResponseHeaders.copy(clientToProxyRequest, serverToProxyResponse, proxyToClientResponse, plan, via);
        writer = listener.onResponseHead(serverToProxyResponse, proxyToClientResponse, clientWriter);
    }

    /** The attempt ended: complete the client response, or answer the failure. */
    void onAttemptComplete(int number, Result result) {
        if (number != attempt) {
            return;
        }
        if (result.isSucceeded()) {
            writer.finish(org.eclipse.jetty.util.Callback.from(() -> complete(null), failure -> {
                onClientFailure(failure);
                complete(failure);
            }));
            return;
        }
        Throwable failure = result.getFailure();
        ForwardFailure reason = clientFailed ? ForwardFailure.CLIENT_REQUEST_FAILED : FailureClassifier.classify(failure, begun);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} failed ({}) for {}", id(), number, reason, plan.target(), failure);
        }
        fail(reason, failure);
    }

    private void onClientFailure(Throwable failure) {
        clientFailed = true;
        Request request = proxyToServerRequest;
        if (request != null) {
            request.abort(failure);
        }
    }

    private void fail(ForwardFailure reason, Throwable failure) {
        Problem problem = reason.problem();
        try {
            ProblemResponses.send(proxyToClientResponse, problem, Map.of(), writer.started() || clientWriter.started());
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} could not send problem {}", id(), problem.status(), e);
        } finally {
            complete(failure == null ? new IllegalStateException(reason.name()) : failure);
        }
    }

    private void complete(Throwable failure) {
        try {
            listener.onComplete(failure);
        } catch (RuntimeException e) {
            LOG.warn("{} exchange listener failed", id(), e);
        } finally {
            async.complete();
        }
    }

    private int id() {
        return System.identityHashCode(clientToProxyRequest);
    }

    private static boolean hasBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
    }
}
