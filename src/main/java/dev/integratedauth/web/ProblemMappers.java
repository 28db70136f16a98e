package dev.integratedauth.web;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an {@code application/problem+json} body: no stack trace, no upstream detail, no secret. A
 * {@link ProblemException} is logged once here, as its kind says, with its cause's type and message (which carry no
 * secret: the key is never part of an exception message, and the SDK never puts tokens in one).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e, uri);
    }

    /** The answer to {@code e}, logged as its kind says (by outage: {@link OutageLog}); for single resources too. */
    public static Response answer(ProblemException e, UriInfo uri) {
        ProblemType type = e.type();
        if (type.logMessage() != null) {
            OutageLog.failed(type.logMessage(), e.getCause());
        }
        Response.ResponseBuilder response = answer(type.status(), type.type(), type.title(), type.detail(), uri);
        if (type.retryAfterSeconds() > 0 && !e.headers().containsKey(HttpHeaders.RETRY_AFTER)) {
            response.header(HttpHeaders.RETRY_AFTER, Integer.toString(type.retryAfterSeconds()));
        }
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return answer(404, "about:blank", "Not Found", "There is nothing at this path.", uri).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response.ResponseBuilder response = answer(405, "about:blank", "Method Not Allowed",
                "This path does not accept that method.", uri);
        if (!e.getResponse().getAllowedMethods().isEmpty()) {
            response.allow(e.getResponse().getAllowedMethods());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response otherHttpError(WebApplicationException e, UriInfo uri) {
        return httpError(e, uri);
    }

    /** An HTTP error Quarkus or JAX-RS raised (415, 406, ...), as a problem of its own status. */
    public static Response httpError(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return answer(status.getStatusCode(), "about:blank", status.getReasonPhrase(), null, uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf("Unexpected failure: %s", e.getClass().getName());
        return answer(500, "about:blank", "Internal Server Error", "The service failed unexpectedly.", uri).build();
    }

    private static Response.ResponseBuilder answer(int status, String type, String title, String detail, UriInfo uri) {
        return Response.status(status)
                .type(Problem.MEDIA)
                .entity(new Problem(type, title, status, detail, uri.getPath()));
    }
}
