package dev.integratedauth.code;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.integratedauth.observability.Instrumentation;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/getcode")
public class CodeResource {

    private final CodeIssuer issuer;
    private final Instrumentation instrumentation; // operations hook: latency, outcome, request id

    CodeResource(CodeIssuer issuer, Instrumentation instrumentation) {
        this.issuer = issuer;
        this.instrumentation = instrumentation;
    }

    /** 200 with the code once its message is in the queue; otherwise an RFC 9457 problem (see README). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<IssuedCode> getCode() {
        return instrumentation.getCode(issuer.issue());
    }
}
