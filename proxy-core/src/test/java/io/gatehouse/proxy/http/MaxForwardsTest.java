package io.gatehouse.proxy.http;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.http.MaxForwards.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxForwardsTest {

    private static MaxForwards of(String method, String... fieldLines) {
        return MaxForwards.of(method, List.of(fieldLines));
    }

    @Test
    void zeroOnOptionsOrTraceIsAnsweredHere() {
        assertEquals(Action.ANSWER_HERE, of("OPTIONS", "0").action());
        assertEquals(Action.ANSWER_HERE, of("TRACE", "0").action());
        assertEquals(Action.ANSWER_HERE, of("OPTIONS", "000").action());
        assertEquals(Action.ANSWER_HERE, of("OPTIONS", " 0\t").action(), "optional whitespace around the value");
    }

    @Test
    void otherValuesOnOptionsOrTraceAreForwardedDecremented() {
        assertEquals(Action.FORWARD_DECREMENTED, of("OPTIONS", "1").action());
        assertEquals("0", of("OPTIONS", "1").forwardValue());
        assertEquals("9", of("TRACE", "10").forwardValue());
        assertEquals("6", of("OPTIONS", "007").forwardValue());
        assertEquals("999999999999999998", of("OPTIONS", "999999999999999999").forwardValue());
        assertEquals(Long.toString(Long.MAX_VALUE - 1), of("OPTIONS", "123456789012345678901234567890").forwardValue(),
                "a value beyond a long counts as Long.MAX_VALUE");
    }

    @Test
    void otherMethodsPassTheFieldUntouched() {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")) {
            assertEquals(Action.PASS, of(method, "0").action(), method);
            assertEquals(Action.PASS, of(method, "abc").action(), method);
        }
        assertNull(of("GET", "5").forwardValue());
    }

    @Test
    void anAbsentFieldPasses() {
        assertEquals(Action.PASS, of("OPTIONS").action());
        assertEquals(Action.PASS, MaxForwards.of(get("/").method("TRACE")).action());
    }

    @Test
    void valuesThatAreNotOneNumberAreRefused() {
        for (String value : List.of("", " ", "abc", "-1", "+1", "1.0", "0x10", "1 2", "5, 3", "１")) {
            assertEquals(Action.REFUSE_INVALID, of("OPTIONS", value).action(), "'" + value + "'");
        }
        assertEquals(Action.REFUSE_INVALID, of("TRACE", "3", "3").action(), "two field lines");
    }

    @Test
    void methodLetterCaseIsIgnoredAsTheEdgeDoesForTrace() {
        assertEquals(Action.ANSWER_HERE, of("options", "0").action());
        assertEquals(Action.ANSWER_HERE, MaxForwards.of(get("/").method("Trace").header("max-forwards", "0")).action());
    }
}
