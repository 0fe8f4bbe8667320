package io.gatehouse.proxy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.proxy.engine.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardFailureTest {

    @Test
    void eachFailureMapsToItsStatus() {
        assertEquals(404, ForwardFailure.NO_ROUTE.status());
        assertEquals(503, ForwardFailure.NO_UPSTREAM.status());
        assertEquals(502, ForwardFailure.CONNECT_FAILED.status());
        assertEquals(504, ForwardFailure.CONNECT_TIMEOUT.status());
        assertEquals(504, ForwardFailure.RESPONSE_TIMEOUT.status());
        assertEquals(504, ForwardFailure.IDLE_TIMEOUT.status());
        assertEquals(502, ForwardFailure.UPSTREAM_FAILED.status());
        assertEquals(400, ForwardFailure.CLIENT_REQUEST_FAILED.status());
        assertEquals(500, ForwardFailure.PROXY_ERROR.status());
    }

    @Test
    void everyFailureHasAProblemWithItsStatusAndADetail() {
        for (ForwardFailure failure : ForwardFailure.values()) {
            assertEquals(failure.status(), failure.problem().status(), failure.name());
            assertNotNull(failure.problem().detail(), failure.name());
        }
    }

    @Test
    void rejectionOfAFailureCarriesItsProblemAndNoHeaders() {
        Decision.Reject reject = Decision.Reject.of(ForwardFailure.CONNECT_TIMEOUT);

        assertEquals(ForwardFailure.CONNECT_TIMEOUT.problem(), reject.problem());
        assertEquals(Map.of(), reject.headers());
    }
}
