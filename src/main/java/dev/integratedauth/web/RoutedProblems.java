package dev.integratedauth.web;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems answered by route handlers that run before any resource (load shedding, shutdown): the same
 * {@code application/problem+json} body as {@link ProblemMappers}, written straight to the response.
 */
@ApplicationScoped
public class RoutedProblems {

    private final ObjectMapper json;

    RoutedProblems(ObjectMapper json) {
        this.json = json;
    }

    public void answer(RoutingContext request, ProblemType type) {
        Problem problem = new Problem(type.type(), type.title(), type.status(), type.detail(), request.normalizedPath());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
        request.response().setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (type.retryAfterSeconds() > 0) {
            request.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(type.retryAfterSeconds()));
        }
        request.response().end(body);
    }
}
