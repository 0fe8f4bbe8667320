package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.Map;

/** A bearer token (RFC 6750 §2.1) checked by a {@link TokenVerifier}. */
final class BearerTokenPolicy implements AccessPolicy {

    private final String realm;
    private final TokenVerifier verifier;
    private final Verdict.Deny missing;
    private final Verdict.Deny invalid;
    private final Verdict.Deny ambiguous;

    BearerTokenPolicy(String realm, TokenVerifier verifier) {
        this.realm = realm;
        this.verifier = verifier;
        String challenge = "Bearer realm=" + HeaderValues.quoted(realm);
        // RFC 6750 §3.1: no error code when the request had no credentials; invalid_token when it had a bad one.
        this.missing = Verdict.deny(401, "This resource needs a bearer token.", Map.of("WWW-Authenticate", challenge));
        this.invalid = Verdict.deny(401, "The bearer token is not valid.",
                Map.of("WWW-Authenticate", challenge + ", error=\"invalid_token\""));
        this.ambiguous = Verdict.deny(400, "The request has more than one Authorization header.", Map.of());
    }

    @Override
    public Verdict check(RequestView request) {
        if (request.headers("Authorization").size() > 1) {
            return ambiguous;
        }
        String token = Credentials.authorization(request, "Bearer");
        if (token == null) {
            return Credentials.hasAuthorization(request) ? invalid : missing;
        }
        return verifier.verify(token) ? Verdict.allow() : invalid;
    }

    @Override
    public List<String> credentialHeaders() {
        return List.of("authorization");
    }

    @Override
    public String toString() {
        return "bearer(" + realm + ")";
    }
}
