package dev.integratedauth.callers;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.integratedauth.web.ProblemException;
import dev.integratedauth.web.ProblemMappers;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Refused callers get the same problem bodies as every other failure, with the {@code WWW-Authenticate} challenge of
 * RFC 6750: these mappers replace Quarkus's own, which answer with an empty body (authentication is not proactive, so
 * the failures reach the REST layer).
 */
class AuthProblems {

    private static final String REALM = "Bearer realm=\"integrated-auth\"";

    private final CallerMetrics metrics;

    AuthProblems(CallerMetrics metrics) {
        this.metrics = metrics;
    }

    /** No token: an anonymous caller met {@code @RolesAllowed}. */
    @ServerExceptionMapper
    Response noToken(UnauthorizedException e, UriInfo uri) {
        return refuse(CallerProblem.NO_TOKEN, REALM, null, uri);
    }

    /** A token quarkus-oidc refused (signature, issuer, audience, tenant, expiry), or Entra could not be reached. */
    @ServerExceptionMapper
    Response invalidToken(AuthenticationFailedException e, UriInfo uri) {
        if (entraUnreachable(e)) {
            return refuse(CallerProblem.AUTH_UNAVAILABLE, null, e, uri);
        }
        return refuse(CallerProblem.INVALID_TOKEN, REALM + ", error=\"invalid_token\"", null, uri);
    }

    /** A valid token without the operation's role. */
    @ServerExceptionMapper
    Response missingRole(ForbiddenException e, UriInfo uri) {
        return refuse(CallerProblem.MISSING_ROLE, REALM + ", error=\"insufficient_scope\"", null, uri);
    }

    private Response refuse(CallerProblem problem, String challenge, Throwable cause, UriInfo uri) {
        metrics.refused(problem);
        // The cause's message may quote the token's claims: only its type is kept for the log line.
        Throwable kept = cause == null ? null : new IllegalStateException(rootType(cause));
        return ProblemMappers.answer(new ProblemException(problem, kept,
                challenge == null ? Map.of() : Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge)), uri);
    }

    private static boolean entraUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OIDCException || cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String rootType(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }
}
