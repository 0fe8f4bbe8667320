package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Freshness lifetime (RFC 9111 §4.2.1, §4.2.2) and age (§4.2.3). */
class FreshnessTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final CachePolicy RFC = CachePolicy.rfc9111();

    private static long lifetime(CachePolicy policy, ResponseHead head) {
        CacheControl cc = CacheControl.parse(head.headers("Cache-Control"));
        long date = HttpDates.parse(head.header("Date"));
        return Freshness.lifetime(head, cc, date == HttpDates.INVALID ? NOW : date, policy);
    }

    private static String date(long millis) {
        return HttpDates.format(millis);
    }

    @Test
    void sMaxAgeWinsOverMaxAgeForASharedCache_rfc9111_4_2_1() {
        assertEquals(10_000, lifetime(RFC, ResponseHead.of(200, "Cache-Control", "max-age=60, s-maxage=10")));
    }

    @Test
    void maxAgeWinsOverExpires_rfc9111_4_2_1() {
        assertEquals(60_000, lifetime(RFC, ResponseHead.of(200, "Cache-Control", "max-age=60",
                "Date", date(NOW), "Expires", date(NOW + 3_600_000))));
    }

    @Test
    void expiresMinusDate_rfc9111_4_2_1() {
        assertEquals(120_000, lifetime(RFC, ResponseHead.of(200, "Date", date(NOW), "Expires", date(NOW + 120_000))));
    }

    @Test
    void expiresWithoutDateCountsFromTheTimeOfReceipt_rfc9111_4_2_1() {
        // no Date: the helper passes the receipt time (NOW) as date_value
        assertEquals(30_000, lifetime(RFC, ResponseHead.of(200, "Expires", date(NOW + 30_000))));
    }

    @Test
    void invalidExpiresSuchAsZeroIsInThePast_rfc9111_5_3() {
        assertEquals(0, lifetime(RFC, ResponseHead.of(200, "Date", date(NOW), "Expires", "0")));
    }

    @Test
    void invalidMaxAgeMakesTheResponseStale_rfc9111_4_2_1() {
        assertEquals(0, lifetime(RFC, ResponseHead.of(200, "Cache-Control", "max-age=soon",
                "Last-Modified", date(NOW - 86_400_000))));
    }

    @Test
    void heuristicIsTenPercentOfTheLastModifiedAge_rfc9111_4_2_2() {
        long lastModified = NOW - 10 * 3_600_000L; // 10 h ago
        assertEquals(3_600_000, lifetime(RFC, ResponseHead.of(200, "Date", date(NOW), "Last-Modified", date(lastModified))));
    }

    @Test
    void heuristicIsCapped() {
        long lastModified = NOW - 365L * 86_400_000; // a year ago: 10 % is 36.5 days
        assertEquals(Duration.ofDays(1).toMillis(), lifetime(RFC, ResponseHead.of(200, "Date", date(NOW),
                "Last-Modified", date(lastModified))));
        CachePolicy custom = CachePolicy.builder().heuristicFreshness(0.2, Duration.ofHours(1)).build();
        assertEquals(Duration.ofHours(1).toMillis(), lifetime(custom, ResponseHead.of(200, "Date", date(NOW),
                "Last-Modified", date(lastModified))));
    }

    @Test
    void heuristicCanBeTurnedOff() {
        CachePolicy off = CachePolicy.builder().noHeuristicFreshness().build();
        assertEquals(0, lifetime(off, ResponseHead.of(200, "Date", date(NOW), "Last-Modified", date(NOW - 3_600_000))));
    }

    @Test
    void heuristicOnlyForHeuristicallyCacheableStatusOrPublic_rfc9111_4_2_2() {
        String lm = date(NOW - 10 * 3_600_000L);
        assertEquals(0, lifetime(RFC, ResponseHead.of(302, "Date", date(NOW), "Last-Modified", lm)));
        assertEquals(3_600_000, lifetime(RFC, ResponseHead.of(302, "Date", date(NOW), "Last-Modified", lm,
                "Cache-Control", "public")));
        assertEquals(3_600_000, lifetime(RFC, ResponseHead.of(404, "Date", date(NOW), "Last-Modified", lm)));
    }

    @Test
    void noHeuristicWhenExplicitFreshnessIsPresent_rfc9111_4_2_2() {
        assertEquals(0, lifetime(RFC, ResponseHead.of(200, "Date", date(NOW), "Expires", date(NOW - 1000),
                "Last-Modified", date(NOW - 86_400_000))));
    }

    @Test
    void noLastModifiedMeansNoHeuristicFreshness() {
        assertEquals(0, lifetime(RFC, ResponseHead.of(200, "Date", date(NOW))));
    }

    @Test
    void correctedInitialAgeTakesTheLargerOfApparentAgeAndAgePlusDelay_rfc9111_4_2_3() {
        long requestTime = NOW - 2_000;
        long responseTime = NOW;
        // Date 10 s before receipt: apparent_age 10 s; Age 3 s + 2 s delay = 5 s
        assertEquals(10_000, Freshness.correctedInitialAge(3, NOW - 10_000, requestTime, responseTime));
        // Age 30 s + 2 s delay beats apparent_age
        assertEquals(32_000, Freshness.correctedInitialAge(30, NOW - 10_000, requestTime, responseTime));
        // a Date in the future (clock skew) gives apparent_age 0, not negative
        assertEquals(2_000, Freshness.correctedInitialAge(0, NOW + 60_000, requestTime, responseTime));
    }

    @Test
    void currentAgeAddsResidentTime_rfc9111_4_2_3() {
        assertEquals(15_000, Freshness.currentAge(5_000, NOW, NOW + 10_000));
    }

    @Test
    void ageHeaderIsWholeSecondsRoundedDown_rfc9111_5_1() {
        assertEquals(9, Freshness.ageSeconds(9_999));
    }

    @Test
    void ageValueIsParsedAsDeltaSeconds() {
        assertEquals(42, Freshness.ageValue(ResponseHead.of(200, "Age", " 42 ")));
        assertEquals(0, Freshness.ageValue(ResponseHead.of(200, "Age", "old")));
        assertEquals(0, Freshness.ageValue(ResponseHead.of(200, List.of())));
    }

    @Test
    void ageGivenAsAListCountsItsFirstMember_rfc9111_5_1() {
        assertEquals(10, Freshness.ageValue(ResponseHead.of(200, "Age", "10, 20")));
        assertEquals(10, Freshness.ageValue(ResponseHead.of(200, "Age", " 10 ,5")));
        assertEquals(10, Freshness.ageValue(ResponseHead.of(200, "Age", "10", "Age", "20")));
        assertEquals(0, Freshness.ageValue(ResponseHead.of(200, "Age", "ten, 20")), "an invalid first member: ignored");
        assertEquals(0, Freshness.ageValue(ResponseHead.of(200, "Age", "-1")));
        assertEquals(0, Freshness.ageValue(ResponseHead.of(200)));
    }
}
