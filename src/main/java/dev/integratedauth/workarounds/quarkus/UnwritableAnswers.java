package dev.integratedauth.workarounds.quarkus;

import dev.integratedauth.web.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An answer that Jackson cannot write (in a native image: a body type nobody registered for reflection) is a bug of the
 * service, and it must be loud. Quarkus REST hands the failure to the router, and Quarkus's last-resort handler logs it
 * at DEBUG only, because Jackson's exceptions are {@code IOException}s, which it takes for a caller that hung up; the
 * caller gets its generic {@code {"details":"Error id ..."}} 500. This handler runs first: one ERROR line that names
 * the type that could not be written (never a value), and a 500 problem written without Jackson.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of Quarkus 3.33.2 ({@code QuarkusErrorHandler} logs an {@code IOException} at
 * DEBUG); upstream: none filed. No canary: Quarkus's handler cannot be seen without this one in the same application;
 * remove when Quarkus logs Jackson's failures at ERROR.
 */
@ApplicationScoped
public class UnwritableAnswers {

    private static final Logger LOG = Logger.getLogger(UnwritableAnswers.class);

    void register(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    private void handle(RoutingContext request) {
        if (!(request.failure() instanceof JsonMappingException failure) || request.response().headWritten()) {
            request.next();
            return;
        }
        String type = failure instanceof InvalidDefinitionException definition && definition.getType() != null
                ? definition.getType().getRawClass().getName()
                : "unknown type";
        LOG.errorf("The answer to %s %s could not be written as JSON (%s, %s); answered 500",
                request.request().method(), request.normalizedPath(), failure.getClass().getSimpleName(), type);
        request.response().setStatusCode(500)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
                        + "\"detail\":\"The service failed unexpectedly.\"}");
    }
}
