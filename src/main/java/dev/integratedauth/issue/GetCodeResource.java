package dev.integratedauth.issue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/getcode}: its OpenAPI description is completed by {@link GetCodeOpenApi}. */
@Path("/api/v1/getcode")
public class GetCodeResource {

    private final CodeIssuer issuer;
    private final IssueMetrics metrics;

    GetCodeResource(CodeIssuer issuer, IssueMetrics metrics) {
        this.issuer = issuer;
        this.metrics = metrics;
    }

    /** 200 with the code once its message is in the queue and its entity in the table; otherwise a problem. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<IssuedCode> getCode() {
        return metrics.request(issuer.issue());
    }
}
