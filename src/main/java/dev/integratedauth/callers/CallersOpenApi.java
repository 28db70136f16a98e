package dev.integratedauth.callers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import dev.integratedauth.web.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Describes who may call the API in the OpenAPI document: the Entra ID bearer scheme, the role each operation needs,
 * and the 401, 403 and 429 problems ({@link CallerProblem}, one example each, so the document follows the contract).
 * Runs once, at build time.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class CallersOpenApi implements OASFilter {

    static final String SCHEME = "entraId";
    /** The operations and the role each needs. */
    private static final Map<String, String> ROLES = Map.of("/api/v1/getcode", Roles.ISSUE,
            "/api/v1/codes/verify", Roles.VERIFY);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An Entra ID access token for the API's app registration (scope "
                        + "api://<AUTH_CLIENT_ID>/.default), with the operation's app role."));
        ROLES.forEach((path, role) -> {
            PathItem item = openAPI.getPaths().getPathItem(path);
            if (item != null) {
                item.getOperations().values().forEach(operation -> describe(operation, path, role));
            }
        });
    }

    private static void describe(Operation operation, String path, String role) {
        // Replaces the requirement Quarkus derives from @RolesAllowed, which names no scheme of this document.
        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME, List.of(role))));
        if (operation.getResponses() == null) {
            operation.responses(OASFactory.createAPIResponses());
        }
        Map<Integer, List<CallerProblem>> byStatus = new TreeMap<>();
        for (CallerProblem kind : CallerProblem.values()) {
            if (kind.status() == 503) {
                continue; // the operation's own 503 says "try again shortly" already
            }
            byStatus.computeIfAbsent(kind.status(), s -> new ArrayList<>()).add(kind);
        }
        byStatus.forEach((status, kinds) -> operation.getResponses().addAPIResponse(Integer.toString(status),
                response(status, kinds, path)));
    }

    private static APIResponse response(int status, List<CallerProblem> kinds, String path) {
        MediaType media = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem"));
        List<String> titles = new ArrayList<>();
        for (CallerProblem kind : kinds) {
            media.addExample(kind.name(), OASFactory.createExample().summary(kind.title())
                    .value(Map.of("type", kind.type(), "title", kind.title(), "status", kind.status(),
                            "detail", kind.detail(), "instance", path)));
            titles.add(kind.title() + " (" + kind.type() + ")");
        }
        APIResponse response = OASFactory.createAPIResponse()
                .description(String.join("; ", titles) + ". Nothing was done.")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media));
        if (status == 401 || status == 403) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader()
                    .description("Bearer, with RFC 6750's error for a refused token.")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        if (status == 429) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again.")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return response;
    }
}
