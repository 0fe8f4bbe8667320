package io.gatehouse.proxy.jetty.forward;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

/**
 * Relays one attempt's server-to-proxy response to the exchange: the head when it arrives, then
 * each body chunk, demanding the next only after the client write of the previous one succeeded.
 * Runs on jetty-client threads.
 */
public final class ResponseRelay implements Response.Listener {

    private final ForwardExchange exchange;
    private final ForwardExchange.Call call;

    ResponseRelay(ForwardExchange exchange, ForwardExchange.Call call) {
        this.exchange = exchange;
        this.call = call;
    }

    @Override
    public void onHeaders(Response serverToProxyResponse) {
        exchange.onResponseHead(call, serverToProxyResponse);
    }

    @Override
    public void onContent(Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
        if (!chunk.hasRemaining() || !exchange.isCurrent(call)) {
            demander.run();
            return;
        }
        exchange.beforeFirstChunk(serverToProxyResponse);
        exchange.tee(chunk);
        exchange.listener().onResponseContent(chunk.getByteBuffer().asReadOnlyBuffer());
        chunk.retain();
        if (exchange.earlyHintsPending()) {
            exchange.afterEarlyHints(() -> write(serverToProxyResponse, chunk, demander));
        } else {
            write(serverToProxyResponse, chunk, demander);
        }
    }

    private void write(Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
        exchange.writer().write(chunk.getByteBuffer(), Callback.from(() -> {
            chunk.release();
            demander.run();
        }, failure -> {
            chunk.release();
            serverToProxyResponse.abort(failure);
        }));
    }

    @Override
    public void onComplete(Result result) {
        exchange.onAttemptComplete(call, result);
    }
}
