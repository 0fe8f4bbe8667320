package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.RequestView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An API key in a header, compared in constant time against a fixed set. */
final class ApiKeyPolicy implements AccessPolicy {

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String header;
    private final byte[][] keyDigests;
    private final Verdict.Deny missing;
    private final Verdict.Deny wrong;

    ApiKeyPolicy(String header, Collection<String> keys) {
        this.header = header;
        this.keyDigests = new byte[keys.size()][];
        int i = 0;
        for (String key : keys) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("keys: an empty or null key (expected: non-empty keys)");
            }
            keyDigests[i++] = digest(key);
        }
        Map<String, String> challenge = Map.of("WWW-Authenticate", "ApiKey header=\"" + header + "\"");
        this.missing = Verdict.deny(401, "This resource needs an API key in the " + header + " header.", challenge);
        this.wrong = Verdict.deny(401, "The API key is not valid.", challenge);
    }

    @Override
    public Verdict check(RequestView request) {
        List<String> presented = request.headers(header);
        if (presented.isEmpty()) {
            return missing;
        }
        if (presented.size() != 1) {
            return wrong;
        }
        byte[] digest = digest(presented.get(0));
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, digest);
        }
        return match ? Verdict.allow() : wrong;
    }

    @Override
    public List<String> credentialHeaders() {
        return List.of(Credentials.lower(header));
    }

    private static byte[] digest(String key) {
        try {
            MessageDigest sha = (MessageDigest) SHA_256.clone();
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned", e);
        }
    }

    @Override
    public String toString() {
        return "apiKey(" + header + ", " + keyDigests.length + " keys)";
    }
}
