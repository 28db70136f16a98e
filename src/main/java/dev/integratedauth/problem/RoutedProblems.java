package dev.integratedauth.problem;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers written by route handlers that run before any resource (load shedding, shutdown): the same
 * {@code application/problem+json} body as {@link ProblemMappers}, written straight to the response.
 */
@ApplicationScoped
public class RoutedProblems {

    private final ObjectMapper json;

    RoutedProblems(ObjectMapper json) {
        this.json = json;
    }

    /** A 503 with {@code Retry-After}: the caller may try again (on this replica or another) that soon. */
    public void unavailable(RoutingContext request, String slug, String title, String detail, int retryAfterSeconds) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + slug, title, 503, detail, request.normalizedPath());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
        request.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .end(body);
    }
}
