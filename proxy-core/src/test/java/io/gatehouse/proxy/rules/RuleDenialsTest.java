package io.gatehouse.proxy.rules;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.access.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuleDenialsTest {

    private final AtomicLong nanos = new AtomicLong(-123_456_789L);
    private final List<String> lines = new ArrayList<>();
    private final RuleDenials denials = RuleDenials.create(nanos::get, lines::add, Runnable::run);
    private final Verdict.Deny deny = Verdict.deny(403);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void everyDenialIsCountedByRule() {
        for (int i = 0; i < 5; i++) {
            denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);
        }
        denials.record(get("/").remoteAddress("203.0.113.9"), "user-agent", deny);

        assertEquals(5, denials.count("probe"));
        assertEquals(1, denials.count("user-agent"));
        assertEquals(0, denials.count("method"));
        assertEquals(Map.of("probe", 5L, "user-agent", 1L), denials.counts());
    }

    @Test
    void aClientIsLoggedOnceAMinuteWithTheCountOfWhatWasLeftOut() {
        for (int i = 0; i < 1000; i++) {
            denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);
        }
        assertEquals(List.of("Request rule 'probe' denied GET /.env from 203.0.113.9 with 403"), lines);

        advanceSeconds(59);
        denials.record(get("/.git").remoteAddress("203.0.113.9"), "probe", deny);
        assertEquals(1, lines.size());

        advanceSeconds(1);
        denials.record(get("/.git").remoteAddress("203.0.113.9"), "probe", deny);
        assertEquals(2, lines.size());
        assertEquals("Request rule 'probe' denied GET /.git from 203.0.113.9 with 403;"
                + " 1000 more denials of this client in the last minute were not logged", lines.get(1));
    }

    @Test
    void clientsAreLoggedIndependently() {
        denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);
        denials.record(get("/.env").remoteAddress("203.0.113.10"), "probe", deny);
        denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);

        assertEquals(2, lines.size());
    }

    @Test
    void clientQuietForMinutesIsLoggedAgainWithoutBacklog() {
        denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);
        advanceSeconds(600);
        denials.record(get("/.env").remoteAddress("203.0.113.9"), "probe", deny);

        assertEquals(List.of("Request rule 'probe' denied GET /.env from 203.0.113.9 with 403",
                "Request rule 'probe' denied GET /.env from 203.0.113.9 with 403"), lines);
    }

    @Test
    void loggedPathCannotForgeLogLines() {
        denials.record(get("/a\r\nINFO fake line").remoteAddress("203.0.113.9"), "probe", deny);

        assertEquals("Request rule 'probe' denied GET /a\\x0d\\x0aINFO fake line from 203.0.113.9 with 403", lines.get(0));
    }
}
