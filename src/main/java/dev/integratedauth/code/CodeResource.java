package dev.integratedauth.code;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/getcode")
public class CodeResource {

    private final CodeIssuer issuer;

    CodeResource(CodeIssuer issuer) {
        this.issuer = issuer;
    }

    /** 200 with the code once its message is in the queue; otherwise an RFC 9457 problem (see README). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<IssuedCode> getCode() {
        return issuer.issue();
    }
}
