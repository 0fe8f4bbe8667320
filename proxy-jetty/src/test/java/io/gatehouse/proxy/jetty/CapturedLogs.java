package io.gatehouse.proxy.jetty;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of proxy-jetty's tests, so that tests can read what the proxy logged: keeps
 * the last lines at INFO and above of {@code io.gatehouse} loggers and WARN and above of the
 * others, and prints WARN and above to standard error as slf4j-simple did. DEBUG is off, so
 * guarded debug logs cost nothing. Each line keeps the MDC's {@code requestId} of its thread. Registered in {@code META-INF/services}.
 */
public final class CapturedLogs implements SLF4JServiceProvider {

    /** One logged line. */
    record Line(Level level, String logger, String message, Throwable throwable, String requestId) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private static final int KEPT = 20_000;
    private static final ConcurrentLinkedDeque<Line> LINES = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger SIZE = new AtomicInteger();

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Recording::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private static final MDCAdapter MDC_ADAPTER = new BasicMDCAdapter();

    /** The lines kept so far, oldest first. */
    static List<Line> lines() {
        return new ArrayList<>(LINES);
    }

    /** The kept lines of a level whose message contains the text. */
    static List<Line> lines(Level level, String containing) {
        return lines().stream().filter(l -> l.level() == level && l.message().contains(containing)).toList();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return MDC_ADAPTER;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Recording extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final boolean ours;

        Recording(String name) {
            this.name = name;
            this.ours = name.startsWith("io.gatehouse");
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return ours;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            if (level.toInt() < Level.INFO.toInt() || (!ours && level.toInt() < Level.WARN.toInt())) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            LINES.add(new Line(level, name, message, throwable, MDC_ADAPTER.get("requestId")));
            if (SIZE.incrementAndGet() > KEPT && LINES.pollFirst() != null) {
                SIZE.decrementAndGet();
            }
            if (level.toInt() >= Level.WARN.toInt()) {
                PrintStream err = System.err;
                synchronized (err) {
                    err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
                    if (throwable != null) {
                        throwable.printStackTrace(err);
                    }
                }
            }
        }
    }
}
