package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.cc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whether a shared cache may store a response: RFC 9111 §3, §3.5, §5.2. */
class StorabilityTest {

    private static final CachePolicy RFC = CachePolicy.rfc9111();

    private static String refusal(FakeRequest request, ResponseHead head) {
        return refusal(RFC, request, head);
    }

    private static String refusal(CachePolicy policy, FakeRequest request, ResponseHead head) {
        CacheControl responseCc = CacheControl.parse(head.headers("Cache-Control"));
        List<String> vary = SecondaryKey.fields(head.headers("Vary"), policy.keyRequestHeaders());
        return Storability.refusal(request, cc(request.header("Cache-Control")), head, responseCc, policy, vary);
    }

    private static FakeRequest get() {
        return FakeRequest.get("/a");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
    void statusesCacheableByDefaultAreStoredWithoutExplicitFreshness_rfc9111_3(int status) {
        assertNull(refusal(get(), ResponseHead.of(status, "ETag", "\"x\"")));
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 307, 400, 403, 500, 503})
    void otherStatusesNeedExplicitFreshness_rfc9111_3(int status) {
        assertTrue(refusal(get(), ResponseHead.of(status)).startsWith("status " + status + " is not cacheable by default"));
        assertNull(refusal(get(), ResponseHead.of(status, "Cache-Control", "max-age=5")));
        assertNull(refusal(get(), ResponseHead.of(status, "Expires", "Thu, 01 Jan 2037 00:00:00 GMT")));
        assertNull(refusal(get(), ResponseHead.of(status, "Cache-Control", "public")));
    }

    @Test
    void partialContentIsRefused_rfc9111_3_3() {
        assertEquals("status 206: partial content is not stored, only complete responses (RFC 9111 §3.3)",
                refusal(get(), ResponseHead.of(206, "Cache-Control", "max-age=60", "Content-Range", "bytes 0-9/100")));
    }

    @Test
    void onlyGetResponsesAreStored_headIsAnsweredFromGet_rfc9111_3() {
        assertTrue(refusal(get().method("HEAD"), ResponseHead.of(200, "Cache-Control", "max-age=60"))
                .startsWith("method HEAD"));
        assertTrue(refusal(get().method("POST"), ResponseHead.of(200, "Cache-Control", "max-age=60"))
                .startsWith("method POST"));
    }

    @Test
    void noStoreInTheResponse_rfc9111_5_2_2_5() {
        assertEquals("response has Cache-Control: no-store (RFC 9111 §5.2.2.5)",
                refusal(get(), ResponseHead.of(200, "Cache-Control", "max-age=60, no-store")));
    }

    @Test
    void mustUnderstandLetsAnUnderstoodStatusBeStoredDespiteNoStore_rfc9111_5_2_2_3() {
        assertNull(refusal(get(), ResponseHead.of(200, "Cache-Control", "max-age=60, must-understand, no-store")));
    }

    @Test
    void noStoreInTheRequest_rfc9111_5_2_1_5() {
        assertEquals("request has Cache-Control: no-store (RFC 9111 §5.2.1.5)",
                refusal(get().header("Cache-Control", "no-store"), ResponseHead.of(200, "Cache-Control", "max-age=60")));
    }

    @Test
    void privateIsNotStoredByASharedCache_rfc9111_5_2_2_7() {
        assertEquals("response has Cache-Control: private (RFC 9111 §5.2.2.7)",
                refusal(get(), ResponseHead.of(200, "Cache-Control", "private, max-age=60")));
    }

    @Test
    void privateWithFieldNamesIsStoredWithoutThoseFields_rfc9111_5_2_2_7() {
        assertNull(refusal(get(), ResponseHead.of(200, "Cache-Control", "private=\"X-User\", max-age=60")));
    }

    @Test
    void authorizationNeedsPublicSMaxAgeOrMustRevalidate_rfc9111_3_5() {
        FakeRequest authorized = get().header("Authorization", "Bearer t");
        assertTrue(refusal(authorized, ResponseHead.of(200, "Cache-Control", "max-age=60")).contains("RFC 9111 §3.5"));
        assertNull(refusal(authorized, ResponseHead.of(200, "Cache-Control", "public, max-age=60")));
        assertNull(refusal(authorized, ResponseHead.of(200, "Cache-Control", "s-maxage=60")));
        assertNull(refusal(authorized, ResponseHead.of(200, "Cache-Control", "max-age=60, must-revalidate")));
    }

    @Test
    void setCookieIsRefusedUnlessThePolicyAllowsIt() {
        ResponseHead head = ResponseHead.of(200, "Cache-Control", "max-age=60", "Set-Cookie", "sid=1");
        assertEquals("response has Set-Cookie (allow with CachePolicy.builder().storeResponsesWithSetCookie(true))",
                refusal(get(), head));
        assertNull(refusal(CachePolicy.builder().storeResponsesWithSetCookie(true).build(), get(), head));
    }

    @Test
    void varyStarIsNeverStored_rfc9111_4_1() {
        assertEquals("response has Vary: *, which never matches a later request (RFC 9111 §4.1)",
                refusal(get(), ResponseHead.of(200, "Cache-Control", "max-age=60", "Vary", "Accept, *")));
    }

    @Test
    void unkeyedHeaderInTheRequestKeepsTheResponseOutOfTheStore() {
        FakeRequest poisoned = get().header("X-Forwarded-Host", "evil.example");
        assertTrue(refusal(poisoned, ResponseHead.of(200, "Cache-Control", "max-age=60"))
                .startsWith("request has x-forwarded-host, which is not part of the cache key"));
    }

    @Test
    void unkeyedHeaderIsFineWhenTheResponseVariesOnItOrThePolicyKeysOnIt() {
        FakeRequest forwarded = get().header("X-Forwarded-Host", "a.example");
        assertNull(refusal(forwarded, ResponseHead.of(200, "Cache-Control", "max-age=60", "Vary", "X-Forwarded-Host")));
        CachePolicy keyed = CachePolicy.builder().keyRequestHeaders("X-Forwarded-Host").build();
        assertNull(refusal(keyed, forwarded, ResponseHead.of(200, "Cache-Control", "max-age=60")));
        CachePolicy unguarded = CachePolicy.builder().unkeyedRequestHeaders().build();
        assertNull(refusal(unguarded, forwarded, ResponseHead.of(200, "Cache-Control", "max-age=60")));
    }

    @Test
    void nonFinalAnd304AreNeverStored_rfc9111_3() {
        assertTrue(refusal(get(), ResponseHead.of(103, "Cache-Control", "max-age=60")).contains("not final"));
        assertTrue(refusal(get(), ResponseHead.of(304, "Cache-Control", "max-age=60")).contains("§4.3.4"));
    }

    @Test
    void neverPolicyStoresNothing() {
        assertEquals("the route's cache policy is never",
                refusal(CachePolicy.never(), get(), ResponseHead.of(200, "Cache-Control", "max-age=60")));
    }

    @ParameterizedTest
    @ValueSource(ints = {299, 218, 451, 599})
    void mustUnderstandWithAStatusThisCacheDoesNotKnowIsNotStored_rfc9111_5_2_2_3(int status) {
        assertEquals("response has Cache-Control: must-understand and status " + status
                        + ", whose caching requirements this cache does not know (RFC 9111 §5.2.2.3)",
                refusal(get(), ResponseHead.of(status, "Cache-Control", "must-understand, public, max-age=60")));
        assertNull(refusal(get(), ResponseHead.of(status, "Cache-Control", "public, max-age=60")),
                "without must-understand the status does not matter");
    }

    @Test
    void mustUnderstandWithAKnownStatusOverridesNoStore_rfc9111_5_2_2_3() {
        assertNull(refusal(get(), ResponseHead.of(200, "Cache-Control", "must-understand, no-store, max-age=60")));
        assertNull(refusal(get(), ResponseHead.of(404, "Cache-Control", "must-understand, no-store", "ETag", "\"x\"")));
        assertTrue(refusal(get(), ResponseHead.of(200, "Cache-Control", "no-store, max-age=60")).contains("no-store"));
    }

    @Test
    void setCookie2IsRefusedLikeSetCookie() {
        assertEquals("response has Set-Cookie2 (allow with CachePolicy.builder().storeResponsesWithSetCookie(true))",
                refusal(get(), ResponseHead.of(200, "Cache-Control", "max-age=60", "Set-Cookie2", "a=1; Version=1")));
        assertNull(refusal(CachePolicy.builder().storeResponsesWithSetCookie(true).build(), get(),
                ResponseHead.of(200, "Cache-Control", "max-age=60", "Set-Cookie2", "a=1; Version=1")));
    }
}
