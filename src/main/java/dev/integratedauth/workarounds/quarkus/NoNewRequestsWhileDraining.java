package dev.integratedauth.workarounds.quarkus;

import dev.integratedauth.web.ShutdownStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.integratedauth.web.EdgeProblem;
import dev.integratedauth.web.RoutedProblems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * From SIGTERM on, a new API request gets a 503 {@code shutting-down} problem (with {@code Retry-After} and, on
 * HTTP/1.1, {@code Connection: close}) instead of starting work the drain would have to wait for. Quarkus 3.33's own
 * graceful-shutdown filter counts requests and closes connections, but still serves new requests until the server
 * stops; this makes the refusal explicit and immediate. Requests accepted before the signal are not affected.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2's graceful shutdown; upstream: by design (it counts and
 * closes, but serves). No canary: {@code GracefulShutdownIT} checks the refusal that matters.
 */
@ApplicationScoped
public class NoNewRequestsWhileDraining {

    /** Before load shedding and before Quarkus REST. */
    static final int ORDER = -2_000;

    private final RoutedProblems problems;
    private volatile boolean stopping;

    NoNewRequestsWhileDraining(RoutedProblems problems) {
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
        problems.answer(request, EdgeProblem.SHUTTING_DOWN);
    }
}
