package dev.integratedauth.issue;

import jakarta.annotation.security.RolesAllowed;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.integratedauth.callers.CallerBudgets;
import dev.integratedauth.callers.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/getcode}: its OpenAPI description is completed by {@link GetCodeOpenApi}. */
@Path("/api/v1/getcode")
public class GetCodeResource {

    private final CodeIssuer issuer;
    private final IssueMetrics metrics;
    private final CallerBudgets budgets;

    GetCodeResource(CodeIssuer issuer, IssueMetrics metrics, CallerBudgets budgets) {
        this.issuer = issuer;
        this.metrics = metrics;
        this.budgets = budgets;
    }

    /**
     * 200 with the code once its message is in the queue and its entity in the table; otherwise a problem. A caller
     * without the role, or over its budget, is refused before anything is spent.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ISSUE)
    public Uni<IssuedCode> getCode() {
        budgets.issue();
        return metrics.request(issuer.issue());
    }
}
