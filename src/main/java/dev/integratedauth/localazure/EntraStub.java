package dev.integratedauth.localazure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * The two token endpoints Azure gives an app, answering the real protocols:
 * <ul>
 * <li>a service principal's: {@code POST /{tenant}/oauth2/v2.0/token} with {@code client_credentials} (what
 * {@code EnvironmentCredential} uses on a laptop);</li>
 * <li>the managed-identity endpoint of App Service and Container Apps: {@code GET /msi/token?resource=...} with the
 * {@code X-IDENTITY-HEADER} secret (what {@code ManagedIdentityCredential} uses in Azure).</li>
 * </ul>
 */
final class EntraStub extends LocalStub {

    static final String NAME = "local-entra";

    private final LocalTokens tokens;
    /** Every token granted, as "flow audience", kept when the stubs' journal is reset. */
    private final List<String> grants = new CopyOnWriteArrayList<>();

    EntraStub(LocalTokens tokens) {
        super(NAME);
        this.tokens = tokens;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        return request.getUrl().startsWith(LocalAzureEndpoints.MANAGED_IDENTITY_PATH)
                ? managedIdentity(request)
                : servicePrincipal(request);
    }

    private ResponseDefinition servicePrincipal(Request request) {
        Map<String, String> form = form(request.getBodyAsString());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type");
        }
        if (!LocalAzureEndpoints.CLIENT_ID.equals(form.get("client_id"))
                || !LocalAzureEndpoints.CLIENT_SECRET.equals(form.get("client_secret"))) {
            return error(401, "invalid_client");
        }
        String audience = audienceOfScope(form.getOrDefault("scope", ""));
        if (audience == null) {
            return error(400, "invalid_scope");
        }
        long lifetime = tokens.lifetimeSeconds();
        grants.add("client_credentials " + audience);
        return json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + lifetime
                + ",\"ext_expires_in\":" + lifetime
                + ",\"access_token\":\"" + tokens.mint(audience, LocalAzureEndpoints.CLIENT_ID,
                        Instant.now().getEpochSecond() + lifetime) + "\"}");
    }

    private ResponseDefinition managedIdentity(Request request) {
        if (!LocalAzureEndpoints.MANAGED_IDENTITY_HEADER.equals(request.getHeader("X-IDENTITY-HEADER"))) {
            return error(401, "invalid_identity_header");
        }
        String resource = request.queryParameter("resource").isPresent()
                ? request.queryParameter("resource").firstValue()
                : "";
        String audience = stripSlash(resource);
        if (audience.isEmpty()) {
            return error(400, "invalid_resource");
        }
        long expiresOn = Instant.now().getEpochSecond() + tokens.lifetimeSeconds();
        grants.add("managed_identity " + audience);
        return json(200, "{\"access_token\":\"" + tokens.mint(audience, LocalAzureEndpoints.CLIENT_ID, expiresOn)
                + "\",\"expires_on\":\"" + expiresOn + "\",\"resource\":\"" + resource
                + "\",\"token_type\":\"Bearer\",\"client_id\":\"" + LocalAzureEndpoints.CLIENT_ID + "\"}");
    }

    List<String> grants() {
        return List.copyOf(grants);
    }

    /** {@code https://vault.azure.net/.default openid profile} is a token for {@code https://vault.azure.net}. */
    private static String audienceOfScope(String scope) {
        for (String part : scope.split(" ")) {
            if (part.endsWith("/.default")) {
                return part.substring(0, part.length() - "/.default".length());
            }
        }
        return null;
    }

    private static String stripSlash(String resource) {
        return resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static ResponseDefinition error(int status, String error) {
        return json(status, "{\"error\":\"" + error + "\"}");
    }

    private static ResponseDefinition json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
