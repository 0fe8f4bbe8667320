package io.gatehouse.proxy.observe;

import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several observers as one: each is told in turn, and one that throws does not stop the others nor the request. */
final class GuardedObserver implements ProxyObserver {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedObserver.class);

    private final ProxyObserver[] observers;

    GuardedObserver(List<ProxyObserver> observers) {
        this.observers = observers.toArray(ProxyObserver[]::new);
    }

    private <E> void tell(BiConsumer<ProxyObserver, E> method, E event) {
        for (ProxyObserver observer : observers) {
            try {
                method.accept(observer, event);
            } catch (RuntimeException e) {
                LOG.debug("observer {} failed on {}", observer, event, e);
            }
        }
    }

    @Override
    public void requestStarted(RequestStarted event) {
        tell(ProxyObserver::requestStarted, event);
    }

    @Override
    public void attemptStarted(AttemptStarted event) {
        tell(ProxyObserver::attemptStarted, event);
    }

    @Override
    public void attemptEnded(AttemptEnded event) {
        tell(ProxyObserver::attemptEnded, event);
    }

    @Override
    public void retry(RetryScheduled event) {
        tell(ProxyObserver::retry, event);
    }

    @Override
    public void healthChanged(UpstreamHealthChanged event) {
        tell(ProxyObserver::healthChanged, event);
    }

    @Override
    public void cacheResult(CacheResult event) {
        tell(ProxyObserver::cacheResult, event);
    }

    @Override
    public void denied(Denied event) {
        tell(ProxyObserver::denied, event);
    }

    @Override
    public void responseCompleted(ResponseCompleted event) {
        tell(ProxyObserver::responseCompleted, event);
    }

    @Override
    public String toString() {
        return "observers" + List.of(observers);
    }
}
