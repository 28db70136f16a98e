package dev.integratedauth.issue;

import dev.integratedauth.web.RequestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import dev.integratedauth.web.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the generated description of {@code GET /api/v1/getcode} (SmallRye OpenAPI scans the resource and finds the
 * 200 and its body): a summary, the problem responses (502, 503, 504 as {@code application/problem+json}, one example
 * per {@link IssueFailure}, so the document cannot drift from the error contract), {@code Retry-After} on 503 and
 * {@code X-Request-Id} on every response. Runs once, at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class GetCodeOpenApi implements OASFilter {

    static final String PATH = "/api/v1/getcode";
    static final String PROBLEM_SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        PathItem path = openAPI.getPaths().getPathItem(PATH);
        if (path == null || path.getGET() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        describe(path.getGET());
    }

    private static void describe(Operation get) {
        get.summary("Issue a code")
                .description("Gets a number from the RandomNumber API (its key read from Azure Key Vault), wraps it "
                        + "in a code such as AbC-123-xYz, puts the code on the Azure Queue Storage queue and only "
                        + "then returns it. Every failure is an RFC 9457 problem; no code is issued then.")
                .operationId("getCode");
        if (get.getResponses() == null) {
            get.responses(OASFactory.createAPIResponses());
        }
        APIResponse ok = get.getResponses().getAPIResponse("200");
        if (ok != null) {
            ok.description("The code, already in the queue.").addHeader(RequestIds.HEADER, requestIdHeader());
        }
        Map<Integer, List<IssueFailure>> byStatus = new TreeMap<>();
        for (IssueFailure kind : IssueFailure.values()) {
            byStatus.computeIfAbsent(kind.status(), s -> new ArrayList<>()).add(kind);
        }
        byStatus.forEach((status, kinds) -> get.getResponses().addAPIResponse(Integer.toString(status),
                problemResponse(status, kinds)));
    }

    private static APIResponse problemResponse(int status, List<IssueFailure> kinds) {
        MediaType media = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        List<String> titles = new ArrayList<>();
        boolean retryAfter = false;
        for (IssueFailure kind : kinds) {
            media.addExample(kind.name(), OASFactory.createExample()
                    .summary(kind.title())
                    .value(Map.of("type", kind.type(), "title", kind.title(), "status", kind.status(),
                            "detail", kind.detail(), "instance", PATH)));
            titles.add(kind.title() + " (" + kind.type() + ")");
            retryAfter |= kind.retryAfterSeconds() > 0;
        }
        APIResponse response = OASFactory.createAPIResponse()
                .description(String.join("; ", titles) + ". No code was issued.")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media))
                .addHeader(RequestIds.HEADER, requestIdHeader());
        if (retryAfter) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again.")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return response;
    }

    private static Header requestIdHeader() {
        return OASFactory.createHeader()
                .description("The request's id, as in the service's logs: the caller's own X-Request-Id if it is a "
                        + "short token of letters, digits, '.', '_' and '-', otherwise a new UUID.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. The upstream's own status, body and headers are never passed on.")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference")
                        .description("What went wrong, e.g. urn:integrated-auth:problem:queue-unavailable"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string)
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The request path"))
                .required(List.of("type", "title", "status"));
    }

}
