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
 * Entra ID for one tenant, answering the real protocols:
 * <ul>
 * <li>a service principal's token endpoint: {@code POST /{tenant}/oauth2/v2.0/token} with {@code client_credentials}
 * (what {@code EnvironmentCredential} uses on a laptop, and what a caller app uses to call the service);</li>
 * <li>the managed-identity endpoint of App Service and Container Apps: {@code GET /msi/token?resource=...} with the
 * {@code X-IDENTITY-HEADER} secret (what {@code ManagedIdentityCredential} uses in Azure);</li>
 * <li>the tenant's OpenID configuration, {@code GET /{tenant}/v2.0/.well-known/openid-configuration}, and its signing
 * keys, {@code GET /{tenant}/discovery/v2.0/keys}: what the service's quarkus-oidc reads to check its callers.</li>
 * </ul>
 * Tokens for the service's API carry the roles its app registration's assignments give: the caller app
 * ({@link LocalAzureEndpoints#CALLER_CLIENT_ID}) has both, the service's own identity none.
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
        String path = request.getUrl().split("\\?")[0];
        if (path.startsWith(LocalAzureEndpoints.MANAGED_IDENTITY_PATH)) {
            return managedIdentity(request);
        }
        if (!path.startsWith("/" + tokens.tenantId() + "/")) {
            return error(400, "invalid_tenant");
        }
        if (path.endsWith(LocalTokens.OPENID_CONFIGURATION)) {
            return json(200, tokens.openIdConfiguration());
        }
        if (path.endsWith(LocalTokens.KEYS)) {
            return json(200, tokens.jwks());
        }
        return servicePrincipal(request);
    }

    private ResponseDefinition servicePrincipal(Request request) {
        Map<String, String> form = form(request.getBodyAsString());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type");
        }
        String clientId = form.get("client_id");
        boolean service = LocalAzureEndpoints.CLIENT_ID.equals(clientId)
                && LocalAzureEndpoints.CLIENT_SECRET.equals(form.get("client_secret"));
        boolean caller = LocalAzureEndpoints.CALLER_CLIENT_ID.equals(clientId)
                && LocalAzureEndpoints.CALLER_CLIENT_SECRET.equals(form.get("client_secret"));
        if (!service && !caller) {
            return error(401, "invalid_client");
        }
        String audience = audienceOfScope(form.getOrDefault("scope", ""));
        if (audience == null) {
            return error(400, "invalid_scope");
        }
        long lifetime = tokens.lifetimeSeconds();
        grants.add("client_credentials " + audience);
        String token = isApi(audience) ? apiToken(caller) : tokens.mint(audience, clientId,
                Instant.now().getEpochSecond() + lifetime);
        return json(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + lifetime
                + ",\"ext_expires_in\":" + lifetime + ",\"access_token\":\"" + token + "\"}");
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
        String token = isApi(audience) ? apiToken(false)
                : tokens.mint(audience, LocalAzureEndpoints.CLIENT_ID, expiresOn);
        return json(200, "{\"access_token\":\"" + token
                + "\",\"expires_on\":\"" + expiresOn + "\",\"resource\":\"" + resource
                + "\",\"token_type\":\"Bearer\",\"client_id\":\"" + LocalAzureEndpoints.CLIENT_ID + "\"}");
    }

    /** The service's API, by client id or identifier URI: Entra answers both with a v2 token. */
    private static boolean isApi(String audience) {
        return LocalAzureEndpoints.API_CLIENT_ID.equals(audience) || LocalAzureEndpoints.API_APP_ID_URI.equals(audience);
    }

    /** A token for the API: the caller app's with its two roles, the service's own identity's with none. */
    private String apiToken(boolean caller) {
        CallerToken token = new CallerToken(tokens);
        return caller ? token.mint()
                : token.caller(LocalAzureEndpoints.CLIENT_ID).clientApp(LocalAzureEndpoints.CLIENT_ID).roles().mint();
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
