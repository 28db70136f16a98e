package dev.integratedauth.verify;

import jakarta.annotation.security.RolesAllowed;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.integratedauth.callers.CallerBudgets;
import dev.integratedauth.callers.Roles;
import dev.integratedauth.codes.CodeRecords;
import dev.integratedauth.common.ReactorBridge;
import dev.integratedauth.web.Problem;
import dev.integratedauth.web.ProblemException;
import dev.integratedauth.web.ProblemMappers;
import io.smallrye.mutiny.Uni;

/** {@code POST /api/v1/codes/verify}: a code is valid once, within its validity. */
@Path("/api/v1/codes/verify")
public class VerifyResource {

    private final CodeRecords records;
    private final VerifyMetrics metrics;
    private final CallerBudgets budgets;

    VerifyResource(CodeRecords records, VerifyMetrics metrics, CallerBudgets budgets) {
        this.records = records;
        this.metrics = metrics;
        this.budgets = budgets;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyCode", summary = "Verify a code, once",
            description = "Answers valid:true exactly once per code: for the first verification within its validity "
                    + "(app.codes.validity, 10 minutes from its issue), which uses the code up. Every other code, "
                    + "unknown, expired or already used, gets the same {\"valid\":false}. Concurrent verifications "
                    + "of one code: exactly one is valid.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = VerificationRequest.class)))
    @APIResponse(responseCode = "200", description = "The answer: valid once, otherwise {\"valid\":false}.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Verification.class)))
    @APIResponse(responseCode = "400", description = "Not JSON, or no string code (urn:integrated-auth:problem:malformed-request).",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Body over 1 KB (urn:integrated-auth:problem:request-too-large).",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Not application/json.",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Table Storage unavailable; the code was not used "
            + "(urn:integrated-auth:problem:codes-unavailable).",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @RolesAllowed(Roles.VERIFY)
    public Uni<Verification> verify(VerificationRequest request) {
        if (request == null || request.code() == null) {
            throw new ProblemException(VerifyFailure.MALFORMED, null);
        }
        String code = request.code();
        CallerBudgets.Verification spent = budgets.verify();
        return ReactorBridge.onCallerContext(records.use(code)
                .map(valid -> valid ? Verification.valid(code) : Verification.INVALID)
                .invoke(answer -> {
                    if (answer.valid()) {
                        spent.succeeded();
                    }
                    metrics.verified(answer.valid() ? VerifyMetrics.Result.VALID : VerifyMetrics.Result.INVALID);
                })
                .onFailure().transform(e -> {
                    spent.succeeded(); // the table failed, not the caller
                    metrics.verified(VerifyMetrics.Result.UNAVAILABLE);
                    return new ProblemException(VerifyFailure.TABLE, e);
                }));
    }

    /** A body of the wrong shape: not an object with a string {@code code}. */
    @ServerExceptionMapper
    Response malformed(MismatchedInputException e, UriInfo uri) {
        return ProblemMappers.answer(new ProblemException(VerifyFailure.MALFORMED, null), uri);
    }

    /** Quarkus's JSON reader answers a body that is not JSON with a 400 of its own: here it is a malformed request. */
    @ServerExceptionMapper
    Response notJson(WebApplicationException e, UriInfo uri) {
        return e.getResponse().getStatus() == 400
                ? ProblemMappers.answer(new ProblemException(VerifyFailure.MALFORMED, null), uri)
                : ProblemMappers.httpError(e, uri);
    }
}
