package dev.integratedauth.problem;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an {@code application/problem+json} body: no stack trace, no upstream detail, no
 * secret. Each failure is logged once here, by kind, with its cause's type and message (which carry no secret:
 * the key is never part of an exception message, and the SDK never puts tokens in one).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds a caller should wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response codeNotIssued(CodeNotIssuedException e, UriInfo uri) {
        FailureKind kind = e.kind();
        Throwable cause = e.getCause();
        LOG.warnf("Code not issued: %s%s", kind,
                cause == null ? "" : " (" + cause.getClass().getName() + ": " + cause.getMessage() + ")");
        Response.ResponseBuilder response = problem(kind.status(), kind.type(), kind.title(), kind.detail(), uri);
        if (kind.retryAfter()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "about:blank", "Not Found", "There is nothing at this path.", uri).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response.ResponseBuilder response = problem(405, "about:blank", "Method Not Allowed",
                "This path does not accept that method.", uri);
        if (!e.getResponse().getAllowedMethods().isEmpty()) {
            response.allow(e.getResponse().getAllowedMethods());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response otherHttpError(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(status.getStatusCode(), "about:blank", status.getReasonPhrase(), null, uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf("Unexpected failure: %s", e.getClass().getName());
        return problem(500, "about:blank", "Internal Server Error", "The service failed unexpectedly.", uri).build();
    }

    private static Response.ResponseBuilder problem(int status, String type, String title, String detail,
            UriInfo uri) {
        return Response.status(status)
                .type(Problem.MEDIA)
                .entity(new Problem(type, title, status, detail, uri.getPath()));
    }
}
