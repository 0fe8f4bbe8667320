package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.access.Client;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;

/**
 * The client-to-proxy request as every stage after identification sees it: the adapter's view,
 * answering {@link #clientAddress()} with the resolved client, and carrying the request id.
 */
final class IdentifiedRequest implements RequestView {

    private final RequestView clientToProxyRequest;
    private final Client client;
    private final String requestId;

    IdentifiedRequest(RequestView clientToProxyRequest, Client client, String requestId) {
        this.clientToProxyRequest = clientToProxyRequest;
        this.client = client;
        this.requestId = requestId;
    }

    Client client() {
        return client;
    }

    /** The request id, or null when request ids are off. */
    String requestId() {
        return requestId;
    }

    @Override
    public String method() {
        return clientToProxyRequest.method();
    }

    @Override
    public String scheme() {
        return clientToProxyRequest.scheme();
    }

    @Override
    public String host() {
        return clientToProxyRequest.host();
    }

    @Override
    public int port() {
        return clientToProxyRequest.port();
    }

    @Override
    public String path() {
        return clientToProxyRequest.path();
    }

    @Override
    public String query() {
        return clientToProxyRequest.query();
    }

    @Override
    public String header(String name) {
        return clientToProxyRequest.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return clientToProxyRequest.headers(name);
    }

    @Override
    public String remoteAddress() {
        return clientToProxyRequest.remoteAddress();
    }

    @Override
    public String clientAddress() {
        return client.address();
    }

    @Override
    public String toString() {
        return clientToProxyRequest + " from " + client.address() + (requestId == null ? "" : " id " + requestId);
    }
}
