package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse proxy} forwards everything to its upstreams in turn, path and query unchanged. */
class ProxyCommandTest {

    @Test
    void forwardsEveryPathToTheUpstreamsRoundRobin() throws Exception {
        try (DemoBackend a = DemoBackend.start("a"); DemoBackend b = DemoBackend.start("b")) {
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--to", a.uri().toString(), "--to", b.uri().toString());
            try (EmbeddedServer proxy = command.start()) {
                List<Echo> echoes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    echoes.add(Http.echo(proxy.uri(), "/any/where?q=" + i));
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < echoes.size(); i++) {
                    Echo echo = echoes.get(i);
                    seen.add(echo.backend());
                    assertEquals("/any/where", echo.path());
                    assertEquals("q=" + i, echo.query());
                    if (i > 0) {
                        assertNotEquals(echoes.get(i - 1).backend(), echo.backend(), "round robin alternates: " + echoes);
                    }
                }
                assertEquals(Set.of("a", "b"), seen);
                assertEquals("/", Http.echo(proxy.uri(), "/").path(), "the root is forwarded too");
            }
        }
    }

    @Test
    void listensOnTheDefaultAddressUnlessTold() {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs("--to", "http://127.0.0.1:9001");

        assertEquals(new ListenAddress("127.0.0.1", 8080), command.listenAddress());
    }
}
