package io.gatehouse.proxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.proxy.cache.Invalidation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's checks (exact messages, no password echoed) and the channel's message format; no Redis needed. */
class SharedRedisBuilderTest {

    private static String rejection(Runnable setter) {
        return assertThrows(IllegalArgumentException.class, setter::run).getMessage();
    }

    @Test
    void aUriThatIsNotRedisIsRefusedWithoutRepeatingIt() {
        String expected = "uri: not a Redis URI (expected: redis://host:port, e.g. redis://127.0.0.1:6379,"
                + " or rediss://host:port for TLS)";
        assertEquals(expected, rejection(() -> SharedRedis.builder("localhost:6379")));
        assertEquals(expected, rejection(() -> SharedRedis.builder("http://user:secret@example.com/")));
    }

    @Test
    void durationsAndThePrefixAreChecked() {
        SharedRedis.Builder builder = SharedRedis.builder("redis://127.0.0.1:6379");
        assertEquals("commandTimeout: PT0S (expected: a positive duration of at most PT10S)",
                rejection(() -> builder.commandTimeout(Duration.ZERO)));
        assertEquals("retryInterval: PT6M (expected: a positive duration of at most PT5M)",
                rejection(() -> builder.retryInterval(Duration.ofMinutes(6))));
        assertEquals("keyPrefix: 'my app:' (expected: 1-64 printable ASCII characters without spaces, e.g. gatehouse:)",
                rejection(() -> builder.keyPrefix("my app:")));
    }

    @Test
    void messagesOnTheChannelRoundTrip() {
        for (Invalidation invalidation : new Invalidation[] {Invalidation.key("http://app.example/a b?c=1"),
                Invalidation.prefix("http://app.example/static/"), Invalidation.all()}) {
            InvalidationMessage message = new InvalidationMessage("origin-1", invalidation);
            assertEquals(message, InvalidationMessage.decode(message.encode()));
        }
        assertEquals("o K http://app.example/a", new InvalidationMessage("o", Invalidation.key("http://app.example/a")).encode());
        assertNull(InvalidationMessage.decode("hello"), "another program's message");
        assertNull(InvalidationMessage.decode("o X key"));
        assertNull(InvalidationMessage.decode("o A not-empty"));
    }
}
