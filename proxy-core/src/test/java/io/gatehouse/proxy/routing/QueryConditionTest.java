package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryConditionTest {

    @Test
    void presentMatchesWithOrWithoutValue() {
        QueryCondition debug = QueryCondition.present("debug");

        assertTrue(debug.test("debug"));
        assertTrue(debug.test("debug="));
        assertTrue(debug.test("a=1&debug=true"));
        assertFalse(debug.test("debugging=1"));
        assertFalse(debug.test("a=debug"));
    }

    @Test
    void absentOrEmptyQueryMatchesNothing() {
        assertFalse(QueryCondition.present("a").test(null));
        assertFalse(QueryCondition.present("a").test(""));
        assertFalse(QueryCondition.equalTo("a", "").test(null));
    }

    @Test
    void valuesAreComparedAfterFormDecoding() {
        QueryCondition q = QueryCondition.equalTo("q", "a b&c");

        assertTrue(q.test("q=a+b%26c"));
        assertTrue(q.test("q=a%20b%26c"));
        assertFalse(q.test("q=a+b&c"));
    }

    @Test
    void namesAreDecodedToo() {
        assertTrue(QueryCondition.equalTo("my key", "1").test("my+key=1"));
        assertTrue(QueryCondition.present("é").test("%C3%A9=1"));
    }

    @Test
    void comparisonIsCaseSensitive() {
        assertFalse(QueryCondition.present("Debug").test("debug=1"));
        assertFalse(QueryCondition.equalTo("mode", "Dark").test("mode=dark"));
    }

    @Test
    void anyOccurrenceOfARepeatedParameterIsEnough() {
        assertTrue(QueryCondition.equalTo("tag", "b").test("tag=a&tag=b&tag=c"));
    }

    @Test
    void emptyValueMatchesAParameterWithoutValue() {
        assertTrue(QueryCondition.equalTo("a", "").test("a"));
        assertTrue(QueryCondition.equalTo("a", "").test("a="));
        assertFalse(QueryCondition.equalTo("a", "").test("a=1"));
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertTrue(QueryCondition.equalTo("token", "ab==").test("token=ab=="));
    }

    @Test
    void emptyPairsAreSkipped() {
        assertTrue(QueryCondition.equalTo("b", "2").test("&&a=1&&b=2&"));
    }

    @Test
    void malformedEscapeIsComparedRaw() {
        assertTrue(QueryCondition.equalTo("x", "%zz").test("x=%zz"));
        assertTrue(QueryCondition.present("%zz").test("%zz"));
    }

    @Test
    void conditionsAreValues() {
        assertEquals(QueryCondition.equalTo("a", "1"), QueryCondition.equalTo("a", "1"));
        assertNotEquals(QueryCondition.equalTo("a", "1"), QueryCondition.present("a"));
        assertNotEquals(QueryCondition.equalTo("a", "1"), QueryCondition.equalTo("A", "1"));
    }
}
