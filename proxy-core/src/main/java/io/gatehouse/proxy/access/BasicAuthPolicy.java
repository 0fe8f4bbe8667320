package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestView;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** HTTP Basic authentication (RFC 7617) against a {@link PasswordVerifier}. */
final class BasicAuthPolicy implements AccessPolicy {

    private final String realm;
    private final PasswordVerifier verifier;
    private final Verdict.Deny challenge;
    private final Verdict.Deny ambiguous;

    BasicAuthPolicy(String realm, PasswordVerifier verifier) {
        this.realm = realm;
        this.verifier = verifier;
        // RFC 7617 §2.1: the charset parameter announces that user and password are UTF-8.
        Map<String, String> header = Map.of("WWW-Authenticate", "Basic realm=" + HeaderValues.quoted(realm) + ", charset=\"UTF-8\"");
        this.challenge = Verdict.deny(401, "This resource needs a user name and password.", header);
        this.ambiguous = Verdict.deny(400, "The request has more than one Authorization header.", Map.of());
    }

    @Override
    public Verdict check(RequestView request) {
        if (request.headers("Authorization").size() > 1) {
            return ambiguous;
        }
        String credentials = Credentials.authorization(request, "Basic");
        if (credentials == null) {
            return challenge;
        }
        String decoded = decode(credentials);
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        if (colon < 0) {
            return challenge;
        }
        return verifier.verify(decoded.substring(0, colon), decoded.substring(colon + 1)) ? Verdict.allow() : challenge;
    }

    /** The user-pass of RFC 7617 §2: base64, then UTF-8; null when either is malformed. */
    private static String decode(String token68) {
        try {
            byte[] bytes = Base64.getDecoder().decode(token68);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public List<String> credentialHeaders() {
        return List.of("authorization");
    }

    @Override
    public String toString() {
        return "basic(" + realm + ")";
    }
}
