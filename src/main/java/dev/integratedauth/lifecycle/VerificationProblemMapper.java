package dev.integratedauth.lifecycle;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.integratedauth.problem.Problem;

/** Turns a {@link VerificationProblem} into its RFC 9457 problem; a Table Storage failure is logged once, here. */
public class VerificationProblemMapper {
    private static final Logger LOG = Logger.getLogger(VerificationProblemMapper.class);

    @ServerExceptionMapper
    public Response map(VerificationProblem e, UriInfo uri) {
        VerificationProblem.Kind kind = e.kind();
        if (kind == VerificationProblem.Kind.TABLE) {
            Throwable cause = e.getCause();
            LOG.warnf("Code not verified: Table Storage failed%s",
                    cause == null ? "" : " (" + cause.getClass().getName() + ")");
        }
        Response.ResponseBuilder response = Response.status(kind.status)
                .type(Problem.MEDIA)
                .entity(new Problem(kind.type, kind.title, kind.status, kind.detail, uri.getPath()));
        if (kind.retryAfter) {
            response.header(HttpHeaders.RETRY_AFTER, VerificationProblem.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
