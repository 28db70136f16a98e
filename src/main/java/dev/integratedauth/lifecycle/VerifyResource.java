package dev.integratedauth.lifecycle;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.integratedauth.azure.CallerContext;
import dev.integratedauth.problem.Problem;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/codes/verify")
public class VerifyResource {

    private final CodeRecords records;
    private final ObjectMapper json;
    private final LifecycleMetrics metrics;
    private final int maxBodyBytes;

    VerifyResource(CodeRecords records, ObjectMapper json, LifecycleMetrics metrics, CodesConfig config) {
        this.records = records;
        this.json = json;
        this.metrics = metrics;
        this.maxBodyBytes = config.verify().maxBodyBytes();
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
    public Uni<Verification> verify(byte[] body) {
        String code = codeOf(body);
        return CallerContext.resumeOnCallerContext(records.use(code)
                .map(valid -> valid ? Verification.valid(code) : Verification.INVALID)
                .invoke(answer -> metrics.verified(answer.valid() ? LifecycleMetrics.Verified.VALID
                        : LifecycleMetrics.Verified.INVALID))
                .onFailure().transform(e -> {
                    metrics.verified(LifecycleMetrics.Verified.UNAVAILABLE);
                    return new VerificationProblem(VerificationProblem.Kind.TABLE, e);
                }));
    }

    private String codeOf(byte[] body) {
        if (body.length > maxBodyBytes) {
            throw new VerificationProblem(VerificationProblem.Kind.TOO_LARGE, null);
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            throw new VerificationProblem(VerificationProblem.Kind.MALFORMED, null);
        }
        if (request == null || !request.isObject() || !request.path("code").isTextual()) {
            throw new VerificationProblem(VerificationProblem.Kind.MALFORMED, null);
        }
        return request.get("code").asText();
    }
}
