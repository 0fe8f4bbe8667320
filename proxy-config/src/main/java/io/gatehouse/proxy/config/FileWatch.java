package io.gatehouse.proxy.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directory of a file and runs a task once events have been quiet for the debounce
 * time, on one thread of its own. The directory, not the file, so that editors' rename-writes and
 * Kubernetes ConfigMaps (a swapped {@code ..data} link) are seen; the task decides by content
 * whether anything changed.
 */
final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final Path file;
    private final Duration debounce;
    private final WatchService watchService;
    private final ScheduledExecutorService scheduler;
    private Thread watching;
    private ScheduledFuture<?> pending;
    private Runnable task;

    /** Registers the watch now, so that changes after this call are seen once {@link #start} runs. */
    FileWatch(Path file, Duration debounce) throws IOException {
        this.file = file;
        this.debounce = debounce;
        this.watchService = FileSystems.getDefault().newWatchService();
        try {
            file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watchService.close();
            throw e;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-reload " + file.getFileName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts running {@code task} after each quiet period that follows events. */
    synchronized void start(Runnable task) {
        if (watching != null) {
            throw new IllegalStateException("the watch of " + file + " is started already");
        }
        this.task = task;
        watching = new Thread(this::watch, "gatehouse-watch " + file.getFileName());
        watching.setDaemon(true);
        watching.start();
    }

    /** Runs {@code work} on the watch's thread, after what is queued there. */
    void submit(Runnable work) {
        if (!scheduler.isShutdown()) {
            scheduler.execute(work);
        }
    }

    /** Runs {@code work} on the watch's thread every {@code period}, first after one period. */
    void every(Duration period, Runnable work) {
        if (!scheduler.isShutdown()) {
            scheduler.scheduleWithFixedDelay(work, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                boolean relevant = !key.pollEvents().isEmpty();
                key.reset();
                if (relevant) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the task once events have been quiet for the debounce time (a later event restarts the wait). */
    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        if (!scheduler.isShutdown()) {
            pending = scheduler.schedule(task, debounce.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public synchronized void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service of {}", file, e);
        }
        scheduler.shutdownNow();
        if (watching != null) {
            watching.interrupt();
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
