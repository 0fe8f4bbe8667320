package io.gatehouse.proxy.jetty.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** {@link UpstreamSni}: host names go into SNI, IP literals and invalid names do not (RFC 6066 §3). */
class UpstreamSniTest {

    private static List<SNIServerName> sniFor(String peerHost) throws Exception {
        return new UpstreamSni().apply(SSLContext.getDefault().createSSLEngine(peerHost, 443), List.of());
    }

    @Test
    void singleLabelHostNamesTheJdkLeavesOutAreSent() throws Exception {
        assertEquals(List.of(new SNIHostName("localhost")), sniFor("localhost"));
        assertEquals(List.of(new SNIHostName("users-service")), sniFor("users-service"));
    }

    @Test
    void trailingDotOfAnAbsoluteNameIsDropped() throws Exception {
        assertEquals(List.of(new SNIHostName("users")), sniFor("users."));
    }

    @Test
    void ipLiteralsAreNeverSent() throws Exception {
        assertEquals(List.of(), sniFor("127.0.0.1"));
        assertEquals(List.of(), sniFor("::1"));
        assertEquals(List.of(), sniFor("0:0:0:0:0:0:0:1"));
    }

    @Test
    void namesThatAreNotDnsNamesAreNotSent() throws Exception {
        assertEquals(List.of(), sniFor("under_score"));
    }

    @Test
    void namesTheJdkAlreadyChoseAreKept() throws Exception {
        List<SNIServerName> chosen = List.of(new SNIHostName("api.example.com"));

        assertSame(chosen, new UpstreamSni().apply(SSLContext.getDefault().createSSLEngine("localhost", 443), chosen));
    }
}
