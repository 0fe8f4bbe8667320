package io.gatehouse.proxy.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The access log's two line formats. */
class AccessLogTest {

    private static final ResponseCompleted EVENT = new ResponseCompleted("id-1", "203.0.113.7", "GET", "/a\"b",
            "users", "g", "u1", 200, 5, 1024, 2_314_000, 1_980_000, 1, CacheResult.CacheStatus.MISS,
            ResponseCompleted.Source.UPSTREAM);

    @Test
    void text() {
        assertEquals("203.0.113.7 - \"GET /a\"b\" 200 1024 in=5 id=id-1 route=users upstream=g/u1 time=2.314ms"
                + " upstream_time=1.980ms cache=MISS", AccessLog.text(EVENT));
    }

    @Test
    void jsonEscapesStrings() {
        assertEquals("{\"id\":\"id-1\",\"client\":\"203.0.113.7\",\"method\":\"GET\",\"path\":\"/a\\\"b\",\"route\":\"users\","
                + "\"group\":\"g\",\"upstream\":\"u1\",\"status\":200,\"bytes_in\":5,\"bytes_out\":1024,\"time_ms\":2.314,"
                + "\"upstream_time_ms\":1.980,\"cache\":\"MISS\",\"source\":\"UPSTREAM\"}", AccessLog.json(EVENT));
    }
}
