package io.gatehouse.proxy.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ResolvedNamesTest {

    /** Answers what the test says, counting lookups. */
    static final class FakeResolver implements HostResolver {
        final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
        final List<String> asked = new ArrayList<>();

        void answer(String host, String... addresses) {
            List<InetAddress> list = new ArrayList<>();
            for (String a : addresses) {
                try {
                    list.add(InetAddress.getByName(a)); // literals: no lookup
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
            answers.put(host, list);
        }

        @Override
        public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            List<InetAddress> answer = answers.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        }
    }

    private final FakeResolver dns = new FakeResolver();
    private long nanos = 5_000_000_000L;
    private final ResolvedNames names = new ResolvedNames(dns, () -> nanos);

    private List<URI> read(String uri, Duration interval) throws UnknownHostException {
        ResolvedNames.Reading reading = names.reading();
        List<URI> expanded = reading.expand(URI.create(uri), interval);
        reading.commit();
        return expanded;
    }

    private void advance(Duration d) {
        nanos += d.toNanos();
    }

    @Test
    void aNameBecomesOneUriPerAddressWithPortAndPathKept() throws Exception {
        dns.answer("users.internal", "10.0.0.8", "10.0.0.7", "10.0.0.7");
        assertEquals(List.of(URI.create("http://10.0.0.7:8080/base"), URI.create("http://10.0.0.8:8080/base")),
                read("http://users.internal:8080/base", ResolvedNames.DEFAULT_INTERVAL));
    }

    @Test
    void ipv6AddressesAreBracketed() throws Exception {
        dns.answer("v6.internal", "::1");
        assertEquals(List.of(URI.create("http://[0:0:0:0:0:0:0:1]:9000")), read("http://v6.internal:9000", Duration.ofSeconds(5)));
    }

    @Test
    void literalsAreNeverResolved() throws Exception {
        assertEquals(List.of(URI.create("http://127.0.0.1:9001")), read("http://127.0.0.1:9001", Duration.ofSeconds(5)));
        assertEquals(List.of(URI.create("http://[::1]:9001")), read("http://[::1]:9001", Duration.ofSeconds(5)));
        assertTrue(dns.asked.isEmpty());
        assertTrue(names.names().isEmpty());
    }

    @Test
    void aNewNameThatDoesNotResolveFailsTheRead() {
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> read("http://nowhere.internal", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("nowhere.internal"), e.getMessage());
        dns.answers.put("empty.internal", List.of());
        assertThrows(UnknownHostException.class, () -> read("http://empty.internal", Duration.ofSeconds(5)));
    }

    @Test
    void aKnownNameAnswersFromMemoryUntilItsIntervalPasses() throws Exception {
        dns.answer("a.internal", "10.0.0.1");
        read("http://a.internal", Duration.ofSeconds(10));
        dns.answer("a.internal", "10.0.0.1", "10.0.0.2");
        assertEquals(1, read("http://a.internal", Duration.ofSeconds(10)).size(), "answered from memory");
        advance(Duration.ofSeconds(9));
        assertFalse(names.refreshDue(), "not due yet");
        assertEquals(1, dns.asked.size());
        advance(Duration.ofSeconds(1));
        assertTrue(names.refreshDue(), "due: the new answer is a change");
        assertEquals(2, read("http://a.internal", Duration.ofSeconds(10)).size());
        advance(Duration.ofSeconds(10));
        assertFalse(names.refreshDue(), "the same answer is no change");
        assertEquals(3, dns.asked.size());
    }

    @Test
    void answersInAnotherOrderAreNoChange() throws Exception {
        dns.answer("a.internal", "10.0.0.1", "10.0.0.2");
        read("http://a.internal", Duration.ofSeconds(1));
        dns.answer("a.internal", "10.0.0.2", "10.0.0.1");
        advance(Duration.ofSeconds(1));
        assertFalse(names.refreshDue());
    }

    @Test
    void aFailedOrEmptyAnswerKeepsTheLastGoodOne() throws Exception {
        dns.answer("a.internal", "10.0.0.1");
        read("http://a.internal", Duration.ofSeconds(1));
        dns.answers.remove("a.internal");
        advance(Duration.ofSeconds(1));
        assertFalse(names.refreshDue());
        dns.answers.put("a.internal", List.of());
        advance(Duration.ofSeconds(1));
        assertFalse(names.refreshDue());
        assertEquals(List.of(URI.create("http://10.0.0.1")), read("http://a.internal", Duration.ofSeconds(1)));
    }

    @Test
    void theShortestIntervalOfANameWins() throws Exception {
        dns.answer("a.internal", "10.0.0.1");
        ResolvedNames.Reading reading = names.reading();
        reading.expand(URI.create("http://a.internal:1"), Duration.ofSeconds(30));
        reading.expand(URI.create("http://a.internal:2"), Duration.ofSeconds(5));
        reading.commit();
        dns.answer("a.internal", "10.0.0.2");
        advance(Duration.ofSeconds(5));
        assertTrue(names.refreshDue());
    }

    @Test
    void aCommittedReadForgetsNamesItDidNotUseAndAFailedOneForgetsNothing() throws Exception {
        dns.answer("a.internal", "10.0.0.1");
        dns.answer("b.internal", "10.0.0.2");
        read("http://a.internal", Duration.ofSeconds(1));
        ResolvedNames.Reading failed = names.reading();
        failed.expand(URI.create("http://b.internal"), Duration.ofSeconds(1)); // never committed
        assertEquals(Set.of("a.internal", "b.internal"), names.names());
        read("http://b.internal", Duration.ofSeconds(1));
        assertEquals(Set.of("b.internal"), names.names());
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> names.reading().expand(URI.create("http://a.internal"), Duration.ZERO));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }
}
