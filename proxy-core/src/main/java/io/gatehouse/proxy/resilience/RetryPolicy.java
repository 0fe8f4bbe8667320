package io.gatehouse.proxy.resilience;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * When a route's failed attempts are retried, how long to wait, and how much replay memory a
 * request body may use. Immutable; {@link #decide} is a pure function.
 *
 * <p>What is retried, each attempt on a different upstream where one exists:
 * <ul>
 *   <li>connect failures and connect timeouts, for every method: nothing was sent, so nothing is
 *       replayed whatever the body's size;</li>
 *   <li>response and idle timeouts, and connections that broke during the exchange, only for
 *       idempotent methods (RFC 9110 §9.2.2) unless the route opts in with
 *       {@link Builder#retryNonIdempotent(boolean)}, and only when the body sent so far is kept
 *       for replay ({@link #replayLimit()});</li>
 *   <li>502, 503 and 504 responses, under the same method and body rules, and only on an
 *       upstream of the group this request has not tried yet: an upstream that was tried is not
 *       asked again (unless {@link Builder#retryStatusOnSameUpstream(boolean)}), so a GET
 *       that every upstream answers with 503 gets the last 503 after one attempt per upstream
 *       (at most {@link #maxAttempts()}), and a group of one upstream relays its 503 at once;</li>
 *   <li>a stale pooled connection (closed by the upstream while idle) that failed before any
 *       response byte: retried at once on a fresh connection to the same upstream, not counted
 *       as an attempt and not charged to the budget, under the same method and body rules when
 *       something was sent (RFC 9112 §9.3.1.1; as Go's HTTP client does).</li>
 * </ul>
 * With {@code retryStatusOnSameUpstream(true)}, a 503 whose {@code Retry-After} asks for a wait is
 * honoured when the retry would go to an upstream that was already tried: the retry waits that
 * long if it is within {@link #retryAfterCap()}, else there is no retry. A retry on another
 * upstream does not wait for the first one's {@code Retry-After}. {@link #none()} turns every
 * retry off for a route (e.g. a cache-only gateway in front of one origin).
 */
public final class RetryPolicy {

    /** Default total attempts (the first one and two retries). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default largest request body kept for replay. */
    public static final long DEFAULT_REPLAY_LIMIT = 64 * 1024;
    /** Default back-off: 25 ms doubling up to 250 ms, ± 20 %. */
    public static final Backoff DEFAULT_BACKOFF = Backoff.exponential(Duration.ofMillis(25), Duration.ofMillis(250));
    /** Default longest {@code Retry-After} honoured. */
    public static final Duration DEFAULT_RETRY_AFTER_CAP = Duration.ofSeconds(1);
    /** Statuses retried by default. */
    public static final Set<Integer> DEFAULT_STATUSES = Set.of(502, 503, 504);

    /** Idempotent methods, RFC 9110 §9.2.2 (case-sensitive, §9.1). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final boolean retryNonIdempotent;
    private final boolean retryStatusOnSameUpstream;
    private final Set<Integer> statuses;
    /** {@link #statuses} by status code (400-599 at most), checked per response without boxing. */
    private final boolean[] retried = new boolean[600];
    private final Backoff backoff;
    private final Duration retryAfterCap;
    private final long replayLimit;
    private final double budgetRatio;
    private final int budgetMinPerSecond;
    private final Duration budgetWindow;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.retryNonIdempotent = b.retryNonIdempotent;
        this.retryStatusOnSameUpstream = b.retryStatusOnSameUpstream;
        this.statuses = Collections.unmodifiableSet(new TreeSet<>(b.statuses));
        for (int status : statuses) {
            retried[status] = true;
        }
        this.backoff = b.backoff;
        this.retryAfterCap = b.retryAfterCap;
        this.replayLimit = b.replayLimit;
        this.budgetRatio = b.budgetRatio;
        this.budgetMinPerSecond = b.budgetMinPerSecond;
        this.budgetWindow = b.budgetWindow;
    }

    /**
     * The default of every route: 3 attempts, the rules above, 25-250 ms back-off, 64 KiB replay,
     * Retry-After up to 1 s, a budget of 20 % of requests + 10 per second over 10 s.
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt only: nothing is retried (stale pooled connections aside, which never reach the client). */
    public static RetryPolicy none() {
        return NONE;
    }

    /** The defaults with this many attempts in total (1: no retries). */
    public static RetryPolicy idempotent(int maxAttempts) {
        return builder().maxAttempts(maxAttempts).build();
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Attempts in total, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether non-idempotent requests are retried after they were sent. */
    public boolean retryNonIdempotent() {
        return retryNonIdempotent;
    }

    /** Whether a retried status may go to an upstream this request already tried (default false). */
    public boolean retryStatusOnSameUpstream() {
        return retryStatusOnSameUpstream;
    }

    /** The response statuses that are retried. */
    public Set<Integer> statuses() {
        return statuses;
    }

    /** Whether responses with this status are retried: {@code statuses().contains(status)}, without boxing. */
    public boolean retriesStatus(int status) {
        return status >= 0 && status < retried.length && retried[status];
    }

    /** The wait between attempts. */
    public Backoff backoff() {
        return backoff;
    }

    /** The longest {@code Retry-After} honoured. */
    public Duration retryAfterCap() {
        return retryAfterCap;
    }

    /**
     * The largest request body kept for replay, in bytes: the adapter keeps what it sent up to
     * this size; past it, the request is not retried once sent.
     */
    public long replayLimit() {
        return replayLimit;
    }

    /** A new retry budget with this policy's settings, on the given clock. */
    public RetryBudget newBudget(LongSupplier nanoClock) {
        return RetryBudget.of(budgetRatio, budgetMinPerSecond, budgetWindow, nanoClock);
    }

    /** Whether a method is idempotent (RFC 9110 §9.2.2). */
    public static boolean idempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    /**
     * Decides whether to make another attempt. Pure: same arguments, same decision.
     *
     * @param attempt the attempts made so far, counted against {@link #maxAttempts()} (1 after the first)
     * @param result how the last attempt ended
     * @param method the request method
     * @param body what of the request had been sent, and whether it can be replayed
     * @param sameUpstream after a failure: whether a retry would go to the same upstream (no other
     *     is available); after a response: whether it would go to an upstream that has already
     *     been tried by this request (every available one was)
     * @param random the jitter's source
     */
    public RetryDecision decide(int attempt, AttemptResult result, String method, BodyState body, boolean sameUpstream,
                                RandomGenerator random) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(body, "body");
        ForwardFailure failure = result.failure();
        boolean nothingSent = body == BodyState.NOT_SENT;
        boolean methodAllowed = retryNonIdempotent || idempotent(method);
        boolean replayable = body != BodyState.NOT_REPLAYABLE;
        if (failure == ForwardFailure.STALE_CONNECTION) {
            if (nothingSent || (methodAllowed && replayable)) {
                return RetryDecision.retryOnFreshConnection(result + "; retried on a fresh connection");
            }
            return RetryDecision.stop(result + " after " + method + " was sent; " + whyNot(methodAllowed, method));
        }
        if (failure != null && !upstreamFailure(failure)) {
            return RetryDecision.stop(result + " is not the upstream's failure");
        }
        if (attempt >= maxAttempts) {
            return RetryDecision.stop(result + "; attempt " + attempt + " of " + maxAttempts + ", none left");
        }
        if (failure == null && !retriesStatus(result.status())) {
            return RetryDecision.stop(result + " is not retried (retried: " + statuses + ")");
        }
        // Nothing sent: nothing was applied and nothing needs replaying. A response means the request was seen.
        boolean safe = methodAllowed && replayable || (nothingSent && !result.responded());
        if (!safe) {
            return RetryDecision.stop(result + "; " + whyNot(methodAllowed, method));
        }
        if (result.responded() && sameUpstream && !retryStatusOnSameUpstream) {
            return RetryDecision.stop(result + " and every available upstream was tried by this request (a status is"
                    + " retried only on an upstream not tried yet; see retryStatusOnSameUpstream)");
        }
        Duration delay = backoff.delay(attempt, random);
        Duration retryAfter = result.retryAfter();
        if (result.status() == 503 && retryAfter != null && sameUpstream) {
            if (retryAfter.compareTo(retryAfterCap) > 0) {
                return RetryDecision.stop(result + " asks for more than the cap of " + retryAfterCap
                        + " and no other upstream is available");
            }
            if (retryAfter.compareTo(delay) > 0) {
                delay = retryAfter;
            }
        }
        return RetryDecision.retry(delay, result + "; attempt " + attempt + " of " + maxAttempts);
    }

    private String whyNot(boolean methodAllowed, String method) {
        return methodAllowed ? "the request body sent was larger than the replay limit of " + replayLimit + " bytes"
                : method + " is not idempotent and the route does not retry non-idempotent requests";
    }

    private static boolean upstreamFailure(ForwardFailure failure) {
        return switch (failure) {
            case CONNECT_FAILED, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, IDLE_TIMEOUT, UPSTREAM_FAILED -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return maxAttempts == 1 ? "RetryPolicy[none]" : "RetryPolicy[" + maxAttempts + " attempts, statuses " + statuses
                + (retryNonIdempotent ? ", non-idempotent too" : "")
                + (retryStatusOnSameUpstream ? ", statuses on the same upstream too" : "") + ", " + backoff + ", replay " + replayLimit
                + " bytes]";
    }

    /** Builds a {@link RetryPolicy}; each setter checks its value at once and says what was expected. */
    public static final class Builder {

        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private boolean retryNonIdempotent;
        private boolean retryStatusOnSameUpstream;
        private Set<Integer> statuses = DEFAULT_STATUSES;
        private Backoff backoff = DEFAULT_BACKOFF;
        private Duration retryAfterCap = DEFAULT_RETRY_AFTER_CAP;
        private long replayLimit = DEFAULT_REPLAY_LIMIT;
        private double budgetRatio = RetryBudget.DEFAULT_RATIO;
        private int budgetMinPerSecond = RetryBudget.DEFAULT_MIN_RETRIES_PER_SECOND;
        private Duration budgetWindow = RetryBudget.DEFAULT_WINDOW;

        private Builder() {
        }

        /** Attempts in total, the first included (default 3); 1 turns retries off. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts: " + attempts + " (expected: 1-10; 1 for no retries)");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Whether non-idempotent requests (POST, PATCH) are retried after they were sent (default false). */
        public Builder retryNonIdempotent(boolean retry) {
            this.retryNonIdempotent = retry;
            return this;
        }

        /**
         * Whether a retried status (502, 503, 504 by default) may be asked again of an upstream
         * this request already tried, e.g. the only upstream of its group (default false: only
         * upstreams not tried yet are asked, so a failing origin behind a
         * single-upstream route gets one request, not {@code maxAttempts}). With true, a 503's
         * {@code Retry-After} within {@link #retryAfterCap(Duration)} is waited for first.
         */
        public Builder retryStatusOnSameUpstream(boolean retry) {
            this.retryStatusOnSameUpstream = retry;
            return this;
        }

        /** The response statuses retried (default 502, 503, 504). */
        public Builder retryOnStatus(int... statuses) {
            TreeSet<Integer> set = new TreeSet<>();
            for (int status : statuses) {
                if (status < 400 || status > 599) {
                    throw new IllegalArgumentException("retryOnStatus: " + status + " (expected: 400-599, e.g. 503)");
                }
                set.add(status);
            }
            this.statuses = set;
            return this;
        }

        /** The wait between attempts (default 25 ms doubling up to 250 ms, ± 20 %). */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** The longest {@code Retry-After} honoured (default 1 s); zero or more. */
        public Builder retryAfterCap(Duration cap) {
            Objects.requireNonNull(cap, "retryAfterCap");
            if (cap.isNegative()) {
                throw new IllegalArgumentException("retryAfterCap: " + cap + " (expected: zero or a positive duration)");
            }
            this.retryAfterCap = cap;
            return this;
        }

        /** The largest request body kept for replay, in bytes (default 65536); zero or more. */
        public Builder replayLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("replayLimit: " + bytes + " (expected: 0 or more bytes, e.g. 65536)");
            }
            this.replayLimit = bytes;
            return this;
        }

        /**
         * The retry budget: retries stay under {@code ratio} × requests + {@code minRetriesPerSecond}
         * × window seconds, over the window (default 0.2, 10, 10 s).
         */
        public Builder budget(double ratio, int minRetriesPerSecond, Duration window) {
            RetryBudget.of(ratio, minRetriesPerSecond, window, () -> 0L);
            this.budgetRatio = ratio;
            this.budgetMinPerSecond = minRetriesPerSecond;
            this.budgetWindow = window;
            return this;
        }

        /** Builds the policy; the builder can build again. */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
