package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Node;

/** Parts are the same instance while their settings stay; parts holding connections are closed when dropped. */
class StatefulPartsTest {

    private static final class Link implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private static Node settings(String yaml) {
        return YamlDocument.parse(yaml, new Problems("t.yaml", name -> null));
    }

    @Test
    void samePartWhileItsSettingsStayThenTheOldOneIsClosedOnCommit() {
        StatefulParts parts = new StatefulParts();
        StatefulParts.Generation first = parts.nextGeneration();
        Link a = first.reuse("redis", settings("{url: 'redis://h:1'}"), Link::new);
        first.commit();

        StatefulParts.Generation same = parts.nextGeneration();
        // written differently, same values: the same part
        assertSame(a, same.reuse("redis", settings("url: redis://h:1\n"), Link::new));
        same.commit();
        assertEquals(0, a.closed.get());

        StatefulParts.Generation changed = parts.nextGeneration();
        Link b = changed.reuse("redis", settings("{url: 'redis://h:2'}"), Link::new);
        assertNotSame(a, b);
        assertEquals(0, a.closed.get(), "still serving until the new configuration is committed");
        changed.commit();
        assertEquals(1, a.closed.get());
        assertEquals(0, b.closed.get());

        parts.close();
        assertEquals(1, b.closed.get());
    }

    @Test
    void aFailedReadClosesWhatItMadeAndKeepsWhatWasKept() {
        StatefulParts parts = new StatefulParts();
        StatefulParts.Generation first = parts.nextGeneration();
        Link kept = first.reuse("redis", settings("{url: 'redis://h:1'}"), Link::new);
        first.commit();

        StatefulParts.Generation failed = parts.nextGeneration();
        assertSame(kept, failed.reuse("redis", settings("{url: 'redis://h:1'}"), Link::new));
        Link made = failed.reuse("other", settings("{url: 'redis://h:2'}"), Link::new);
        failed.abandon();
        assertEquals(1, made.closed.get());
        assertEquals(0, kept.closed.get());

        StatefulParts.Generation next = parts.nextGeneration();
        assertSame(kept, next.reuse("redis", settings("{url: 'redis://h:1'}"), Link::new));
    }

    @Test
    void partsMadeWithAnotherSharingAreOtherParts() {
        StatefulParts parts = new StatefulParts();
        StatefulParts.Generation local = parts.nextGeneration();
        Object limiter = local.reuse("route a rateLimits", settings("{rate: 1/s}"), Object::new);
        local.commit();

        StatefulParts.Generation shared = parts.nextGeneration();
        shared.share(null, settings("{url: 'redis://h:1'}"));
        Object sharedLimiter = shared.reuse("route a rateLimits", settings("{rate: 1/s}"), Object::new);
        assertNotSame(limiter, sharedLimiter, "a local bucket is not a shared one");
    }
}
