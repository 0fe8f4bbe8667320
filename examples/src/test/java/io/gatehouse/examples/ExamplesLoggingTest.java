package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.jetty.edge.ObservedResponses;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

/** The examples jar's log4j2.xml and log4j2.component.properties (ADR 0021). */
class ExamplesLoggingTest {

    @Test
    void aLineLoggedWhileARequestIsHandledNamesItsRequestId() {
        String line = format("stderr", "io.gatehouse.proxy.jetty.ProxyServlet", "abc123");
        assertTrue(line.endsWith(" WARN io.gatehouse.proxy.jetty.ProxyServlet [abc123] - hello" + System.lineSeparator()), line);
    }

    @Test
    void aLineLoggedOutsideARequestHasNoEmptyBrackets() {
        String line = format("stderr", "io.gatehouse.proxy.health", null);
        assertTrue(line.endsWith(" WARN io.gatehouse.proxy.health - hello" + System.lineSeparator()), line);
    }

    @Test
    void accessLogLinesDoNotRepeatTheIdTheyCarry() {
        String line = format("stderr-access", "io.gatehouse.access", "abc123");
        assertTrue(line.endsWith(" WARN io.gatehouse.access - hello" + System.lineSeparator()), line);
    }

    @Test
    void theRequestIdIsPutInAMutableThreadContextMapNotACopyPerRequest() {
        // Log4j's default map is copy-on-write: a put and a remove on every request allocate two maps.
        LogManager.getLogger(ExamplesLoggingTest.class); // initialises Log4j's provider
        assertEquals("GarbageFreeSortedArrayThreadContextMap", ThreadContext.getThreadContextMap().getClass().getSimpleName());
    }

    private static String format(String appenderName, String loggerName, String requestId) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender appender = context.getConfiguration().getAppender(appenderName);
        SortedArrayStringMap contextData = new SortedArrayStringMap();
        if (requestId != null) {
            contextData.putValue(ObservedResponses.MDC_KEY, requestId);
        }
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(loggerName).setLevel(Level.WARN)
                .setMessage(new SimpleMessage("hello")).setContextData(contextData).build();
        return appender.getLayout().toSerializable(event).toString();
    }
}
