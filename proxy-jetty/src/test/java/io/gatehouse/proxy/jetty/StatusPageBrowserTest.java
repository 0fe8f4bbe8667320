package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real headless browser: Debian's {@code chromium} driven through its
 * {@code chromium-driver} ({@code .ci/run} installs both) by Selenium, with the driver and the
 * browser named explicitly so that Selenium Manager never runs and nothing is downloaded. An
 * upstream whose active health checks start failing shows as unhealthy on the open page within a
 * few seconds, without a reload, and healthy again once it recovers; the route's request count
 * follows the traffic.
 */
class StatusPageBrowserTest {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";
    /** The page polls every second and the checks run every 100 ms: a few seconds, with room for a loaded machine. */
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(10);

    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        assertTrue(Files.isExecutable(Path.of(CHROMEDRIVER)) && Files.isExecutable(Path.of(CHROMIUM)),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install -y chromium"
                        + " chromium-driver; .ci/run installs them)");
        // Both named: Selenium Manager (which would look for, or download, a driver and a browser) is not invoked.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anUpstreamFailingItsHealthChecksShowsUnhealthyOnTheOpenPageAndHealthyWhenItRecovers() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (Backend steady = Backend.ok("steady");
             Backend wobbly = Backend.start(seen -> seen.target().equals("/health") && !healthy.get()
                     ? Backend.Reply.text(503, "down") : Backend.Reply.text(200, "wobbly"));
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .upstreamGroup("shop", g -> g
                             .upstream(steady.uri().toString(), u -> u.id("steady"))
                             .upstream(wobbly.uri().toString(), u -> u.id("wobbly"))
                             .healthCheck(h -> h.path("/health").interval(Duration.ofMillis(100))
                                     .jitter(Duration.ofMillis(10)).timeout(Duration.ofSeconds(1))
                                     .unhealthyThreshold(2).healthyThreshold(2)))
                     .route("shop", r -> r.pathPrefix("/shop").to("shop"))
                     .build())) {
            browser.get(admin.uri("/admin/").toString());
            WebDriverWait wait = new WebDriverWait(browser, SHOWN_WITHIN, Duration.ofMillis(100));
            wait.until(page -> health(page, "shop/wobbly").equals("HEALTHY") && health(page, "shop/steady").equals("HEALTHY"));

            healthy.set(false);
            wait.withMessage("wobbly shown unhealthy")
                    .until(page -> health(page, "shop/wobbly").equals("UNHEALTHY"));
            assertEquals("HEALTHY", health(browser, "shop/steady"));
            assertTrue(text(browser, "tr[data-upstream='shop/wobbly'] .reason")
                    .contains("consecutive health checks failed"));

            healthy.set(true);
            wait.withMessage("wobbly shown healthy again")
                    .until(page -> health(page, "shop/wobbly").equals("HEALTHY"));

            for (int i = 0; i < 4; i++) {
                assertEquals(200, admin.get("/api/shop/" + i).statusCode());
            }
            wait.withMessage("the route's requests counted on the page")
                    .until(page -> text(page, "tr[data-route='shop'] td.requests").equals("4"));
            assertEquals("no cache", text(browser, "#cache-hit-ratio"));
        }
    }

    /** The health word shown for an upstream, read in one script call (the page redraws its rows every second). */
    private static String health(WebDriver page, String upstream) {
        return text(page, "tr[data-upstream='" + upstream + "'] td.health .word");
    }

    /** The text of the first element a selector finds, or "" when there is none yet. */
    private static String text(WebDriver page, String selector) {
        Object text = ((JavascriptExecutor) page).executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent : '';", selector);
        return String.valueOf(text);
    }
}
