package dev.integratedauth.web;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Load shedding: at most {@code app.inbound.max-in-flight} API requests at once per replica. Past that, a request gets
 * a 503 {@code overloaded} problem with {@code Retry-After} straight away, on the event loop, before any key, API call
 * or queue send, so a flood cannot make every caller wait for the deadline and nothing is half-done. The count covers
 * {@code /api/} only: a replica at its limit still answers its health probes and metrics.
 * <p>
 * A fixed cap rather than the adaptive quarkus-load-shedding extension: the answer must be the service's problem JSON,
 * and a fixed number is easy to reason about beside the Container Apps scale rule.
 */
@ApplicationScoped
public class InFlightLimit {

    static final String PATH = "/api/*";
    /** Before Quarkus REST's own route, so a refused request never reaches a resource. */
    static final int ORDER = -1_000;

    private final int max;
    private final RoutedProblems problems;
    private final AtomicInteger inFlight = new AtomicInteger();

    InFlightLimit(InboundConfig config, RoutedProblems problems) {
        this.max = config.maxInFlight();
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route(PATH).order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext request) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            problems.answer(request, EdgeProblem.OVERLOADED);
            return;
        }
        // Runs when the response ends or the connection closes first: a caller that hangs up frees its slot.
        request.addEndHandler(ended -> inFlight.decrementAndGet());
        request.next();
    }
}
