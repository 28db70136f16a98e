package dev.integratedauth.shutdown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.integratedauth.problem.RoutedProblems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * From SIGTERM on, a new API request gets a 503 {@code shutting-down} problem (with {@code Retry-After} and, on
 * HTTP/1.1, {@code Connection: close}) instead of starting work the drain would have to wait for. Quarkus 3.33's own
 * graceful-shutdown filter counts requests and closes connections, but still serves new requests until the server
 * stops; this makes the refusal explicit and immediate. Requests accepted before the signal are not affected.
 */
@ApplicationScoped
public class StoppingGate {

    /** Before load shedding and before Quarkus REST. */
    static final int ORDER = -2_000;

    private final RoutedProblems problems;
    private volatile boolean stopping;

    StoppingGate(RoutedProblems problems) {
        this.problems = problems;
    }

    void stop(@Observes ShutdownStarted event) {
        stopping = true;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext request) {
        if (!stopping) {
            request.next();
            return;
        }
        if (request.request().version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        problems.unavailable(request, "shutting-down", "The service is stopping",
                "This replica is shutting down and takes no new requests; try again.", 1);
    }
}
