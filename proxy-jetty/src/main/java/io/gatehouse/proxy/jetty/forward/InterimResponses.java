package io.gatehouse.proxy.jetty.forward;

import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads past the upstream's interim responses (102 Processing, 103 Early Hints and any other
 * 1xx but 100 and 101) to its final response, which is the one relayed (RFC 9110 §15.2: a client
 * must be able to parse 1xx responses it does not expect, and a proxy may drop them). The
 * fields of a 103 Early Hints go to the request's listener ({@link ExactTargetRequest#onEarlyHints}),
 * which relays them to the client; other interim responses are dropped (ADR 0009).
 *
 * <p>The servlet's base class clears jetty-client's protocol handlers, those for 102 and 103
 * included; without one, jetty-client completed the exchange with the 1xx as if it were final,
 * and the final response that followed on the connection was never read: the client waited
 * forever and the sockets stayed half-closed. 100 Continue keeps the base class's own handler;
 * 101 is a status the proxy never asks for (it does not forward {@code Upgrade}) and is refused as
 * an invalid response.
 *
 * <p>Runs on jetty-client's threads; never blocks.
 */
public final class InterimResponses extends EarlyHintsProtocolHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InterimResponses.class);

    @Override
    public String getName() {
        return "gatehouse-interim-responses";
    }

    @Override
    public boolean accept(Request request, Response response) {
        int status = response.getStatus();
        if (status == 103 && request instanceof ExactTargetRequest exact) {
            exact.earlyHintsArrived();
        }
        return status >= 102 && status < 200;
    }

    @Override
    protected void onEarlyHints(Request request, HttpFields responseHeaders) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("S2P {} interim response read ({} fields)", request.getPath(), responseHeaders.size());
        }
        if (request instanceof ExactTargetRequest exact) {
            exact.interimRead(responseHeaders);
        }
    }
}
