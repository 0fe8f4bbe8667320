package io.gatehouse.examples;

import io.gatehouse.proxy.observe.AccessLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * {@code --access-log-file}: the access log in a file of its own, written the way nginx's
 * {@code access_log PATH buffer=64k flush=1s} writes it (ADR 0021). Lines go into a 64 KiB
 * buffer, so under load one write carries hundreds of them and the request threads make no
 * system call for the log; a line is in the file at the latest {@link #FLUSH_EVERY} after it was
 * logged, and what is left is written when the proxy stops. A Log4j 2 file appender takes the
 * place of the logger {@value AccessLog#LOGGER}'s appenders (stderr in the jar's
 * {@code log4j2.xml}).
 */
final class AccessLogFile implements AutoCloseable {

    /** The longest a logged line waits in the buffer. */
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    private static final String APPENDER = "gatehouse-access-file";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final LoggerContext context;
    private final LoggerConfig logger;
    private final List<String> replaced;
    private final FileAppender appender;
    private final ScheduledExecutorService flusher;

    private AccessLogFile(LoggerContext context, LoggerConfig logger, List<String> replaced, FileAppender appender) {
        this.context = context;
        this.logger = logger;
        this.replaced = replaced;
        this.appender = appender;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gatehouse-access-log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(() -> appender.getManager().flush(),
                FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends the access log to {@code file} (appended to, created if missing).
     *
     * @param format the lines' format: text lines get a timestamp in front, JSON lines stay JSON
     * @throws IOException when the file cannot be opened for writing
     */
    static AccessLogFile open(Path file, AccessLog.Format format) throws IOException {
        try (OutputStream probe = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            probe.flush(); // fail here, with the file system's reason, rather than inside Log4j's status log
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder()
                .withPattern(format == AccessLog.Format.JSON ? "%msg%n" : "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n")
                .withConfiguration(config)
                .build();
        FileAppender appender = FileAppender.newBuilder()
                .setName(APPENDER)
                .withFileName(file.toString())
                .withAppend(true)
                .setImmediateFlush(false)
                .setBufferedIo(true)
                .setBufferSize(BUFFER_BYTES)
                .setLayout(layout)
                .setConfiguration(config)
                .build();
        if (appender == null) {
            throw new IOException("Log4j could not open it");
        }
        appender.start();
        config.addAppender(appender);
        LoggerConfig logger = config.getLoggerConfig(AccessLog.LOGGER);
        if (!logger.getName().equals(AccessLog.LOGGER)) { // a log4j2.xml of the user's own without it
            logger = LoggerConfig.newBuilder().withLoggerName(AccessLog.LOGGER).withLevel(Level.INFO)
                    .withAdditivity(false).withConfig(config).build();
            config.addLogger(AccessLog.LOGGER, logger);
        }
        List<String> replaced = List.copyOf(logger.getAppenders().keySet());
        replaced.forEach(logger::removeAppender);
        logger.setAdditive(false);
        logger.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        return new AccessLogFile(context, logger, replaced, appender);
    }

    /** Writes what is left and closes the file; the logger goes back to its former appenders. */
    @Override
    public void close() {
        flusher.shutdownNow();
        logger.removeAppender(APPENDER);
        Configuration config = context.getConfiguration();
        replaced.forEach(name -> {
            if (config.getAppender(name) != null) {
                logger.addAppender(config.getAppender(name), null, null);
            }
        });
        context.updateLoggers();
        appender.stop(); // flushes
    }
}
