package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quick start on a free port answers what its welcome text tells people to try. */
class QuickStartTest {

    private static QuickStart quickStart;

    @BeforeAll
    static void start() throws Exception {
        quickStart = QuickStart.start(0);
    }

    @AfterAll
    static void stop() {
        quickStart.close();
    }

    private static URI base() {
        return quickStart.uri();
    }

    @Test
    void usersAreServedRoundRobinByTheTwoUsersBackends() throws Exception {
        List<Echo> echoes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            echoes.add(Http.echo(base(), "/api/users/7"));
        }
        Set<String> backends = new HashSet<>();
        for (int i = 0; i < echoes.size(); i++) {
            backends.add(echoes.get(i).backend());
            assertEquals("/users/7", echoes.get(i).path());
            if (i > 0) {
                assertNotEquals(echoes.get(i - 1).backend(), echoes.get(i).backend(), "round robin alternates: " + echoes);
            }
        }
        assertEquals(Set.of("users-1", "users-2"), backends);
    }

    @Test
    void ordersPathIsRewrittenAndTheQueryKept() throws Exception {
        Echo echo = Http.echo(base(), "/api/orders/42?x=1");

        assertEquals(new Echo("orders-1", "GET", "/v1/42", "x=1"), echo);
    }

    @Test
    void usersWithoutQueryReachTheBackendWithoutOne() throws Exception {
        assertNull(Http.echo(base(), "/api/users").query());
    }

    @Test
    void unknownApiPathIsA404ProblemFromTheProxy() throws Exception {
        HttpResponse<String> response = Http.get(URI.create(base() + "/api/nope"));

        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(response.body().contains("\"status\":404"), response.body());
    }

    @Test
    void hostApplicationServesItsOwnHomePageListingTheRoutes() throws Exception {
        HttpResponse<String> response = Http.get(URI.create(base() + "/"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("This is the host application."), response.body());
        assertTrue(response.body().contains("/api/users/..."), response.body());
        assertTrue(response.body().contains("/api/orders/..."), response.body());
        assertFalse(response.headers().firstValue("Server").isPresent(), "no Server header");
    }

    @Test
    void hostApplicationServesItsOwnServletBesideTheProxy() throws Exception {
        HttpResponse<String> response = Http.get(URI.create(base() + "/host/x"));

        assertEquals(200, response.statusCode());
        assertEquals("This is the host application's own servlet; you asked for /host/x", response.body().strip());
    }

    @Test
    void welcomeNamesTheBoundAddressAndTheThreeCurlLines() {
        StringWriter text = new StringWriter();
        quickStart.printWelcome(new PrintWriter(text));

        String welcome = text.toString();
        assertTrue(welcome.contains("host application  " + base() + "/"), welcome);
        assertTrue(welcome.contains("curl -s " + base() + "/api/users/7 "), welcome);
        assertTrue(welcome.contains("curl -s '" + base() + "/api/orders/42?x=1'"), welcome);
        assertTrue(welcome.contains("curl -si " + base() + "/api/nope "), welcome);
    }

    @Test
    void welcomeNamesTheStatusPageWhichAnswersWithItsApiBeside() throws Exception {
        StringWriter text = new StringWriter();
        quickStart.printWelcome(new PrintWriter(text));
        assertTrue(text.toString().contains("status page       " + base() + "/admin/"), text.toString());

        HttpResponse<String> page = Http.get(URI.create(base() + "/admin/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Gatehouse status</title>"), page.body());
        Http.echo(base(), "/api/orders/1");
        HttpResponse<String> status = Http.get(URI.create(base() + "/admin/api/status"));
        assertEquals(200, status.statusCode());
        assertEquals("application/json", status.headers().firstValue("Content-Type").orElse(""));
        assertTrue(status.body().contains("\"id\":\"users-1\""), status.body());
        assertTrue(status.body().contains("\"health\":\"HEALTHY\""), status.body());
    }
}
