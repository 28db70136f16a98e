package dev.integratedauth.localazure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.oidc.Oidc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.integratedauth.expiry.CodeSighted;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Dev mode on the local Azure: starts it before the first request can need it, says where everything is, shows the
 * queue at {@code /local-azure/messages}, the table at {@code /local-azure/entities} and one code's message and entity
 * at {@code /local-azure/codes/{code}} (the home page reads that), hands out a caller's token at
 * {@code /local-azure/token} (the home page uses it), and stops it with the application. Exists in dev builds only.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevLocalAzure {

    private static final Logger LOG = Logger.getLogger(DevLocalAzure.class);
    static final String MESSAGES_PATH = "/local-azure/messages";
    static final String ENTITIES_PATH = "/local-azure/entities";
    static final String CODES_PATH = "/local-azure/codes/";
    static final String TOKEN_PATH = "/local-azure/token";
    /** Longer than any dev-mode session: the local Entra's key is kept on disk, so reloads keep the token valid. */
    private static final Duration DEV_TOKEN_LIFETIME = Duration.ofDays(7);

    private final boolean enabled;
    private final LocalAzureEndpoints endpoints;
    private final String keyVaultUrl;
    private final String queueUrl;
    private final String tableUrl;
    private final String thirdPartyEndpoint;
    /** The consumer's last sighting of the most recent codes: a put-back message is invisible to a peek. */
    private final Map<String, CodeSighted> sightings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CodeSighted> eldest) {
            return size() > 256;
        }
    };
    private final int httpPort;
    private final Optional<String> apiResource;
    private volatile LocalAzure localAzure;
    private volatile String callerToken;

    DevLocalAzure(@ConfigProperty(name = LocalAzureConfigSourceFactory.ENABLED, defaultValue = "false") boolean enabled,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTP, defaultValue = "18180") int http,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTPS, defaultValue = "18543") int https,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_QUEUE, defaultValue = "18544") int queue,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_TABLE, defaultValue = "18545") int table,
            @ConfigProperty(name = "app.azure.key-vault.url") String keyVaultUrl,
            @ConfigProperty(name = "app.azure.queue.url") String queueUrl,
            @ConfigProperty(name = "app.azure.table.url") String tableUrl,
            @ConfigProperty(name = "app.third-party.endpoint") String thirdPartyEndpoint,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
            @ConfigProperty(name = "app.auth.app-id-uri") Optional<String> appIdUri,
            @ConfigProperty(name = "app.auth.client-id") Optional<String> clientId) {
        this.enabled = enabled;
        this.endpoints = new LocalAzureEndpoints(http, https, queue, table);
        this.keyVaultUrl = keyVaultUrl;
        this.queueUrl = queueUrl;
        this.tableUrl = tableUrl;
        this.thirdPartyEndpoint = thirdPartyEndpoint;
        this.httpPort = httpPort;
        this.apiResource = appIdUri.or(() -> clientId.map(id -> "api://" + id));
    }

    /**
     * Before quarkus-oidc reads the local Entra's OpenID metadata: it fires {@link Oidc} for programmatic tenants just
     * before, during the application's initialisation, ahead of every start-up observer.
     */
    void startBeforeOidc(@Observes @Priority(1) Oidc oidc) {
        startLocalAzure();
    }

    /** Before every other start-up observer: the Key Vault warm-up read must find the stack up. */
    void start(@Observes @Priority(1) StartupEvent event) {
        startLocalAzure();
        LOG.info(banner());
        // A token is a secret: it goes to the terminal, never into a log handler (file, JSON, Application Insights).
        System.out.println(tryIt());
    }

    private synchronized void startLocalAzure() {
        if (enabled && localAzure == null) {
            localAzure = LocalAzure.start(LocalAzure.Settings.inProject(endpoints, LocalAzure.DEMO_THIRD_PARTY_KEY,
                    false));
            callerToken = localAzure.callerToken().validFor(DEV_TOKEN_LIFETIME).mint();
        }
    }

    void sighted(@Observes CodeSighted sighting) {
        synchronized (sightings) {
            sightings.remove(sighting.code());
            sightings.put(sighting.code(), sighting);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        LocalAzure running = localAzure;
        if (running != null) {
            running.close();
        }
    }

    void messagesRoute(@Observes Router router, ObjectMapper json) {
        // JSON for the home page; the bare token with ?raw, for TOKEN=$(curl ...) in a shell.
        route(router, TOKEN_PATH, json, (running, context) -> {
            context.response().putHeader("Cache-Control", "no-store");
            return context.queryParams().contains("raw") ? new RawText(callerToken)
                    : Map.of("access_token", callerToken, "token_type", "Bearer");
        });
        route(router, MESSAGES_PATH, json, (running, context) -> running.peekMessages());
        route(router, ENTITIES_PATH, json, (running, context) -> running.entities());
        route(router, CODES_PATH + ":code", json, (running, context) -> {
            String code = context.pathParam("code");
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("code", code);
            List<Map<String, Object>> entities = running.entities(code);
            view.put("entity", entities.isEmpty() ? null : entities.get(0));
            view.put("visibleMessages", running.peekMessages().stream().filter(m -> m.contains("\"" + code + "\""))
                    .toList());
            synchronized (sightings) {
                view.put("consumer", sightings.get(code));
            }
            return view;
        });
    }

    private record RawText(String text) {
    }

    private interface View {
        Object of(LocalAzure running, RoutingContext context) throws Exception;
    }

    private void route(Router router, String path, ObjectMapper json, View view) {
        router.get(path).blockingHandler(context -> {
            LocalAzure running = localAzure;
            if (running == null) {
                context.response().setStatusCode(404).end("Dev mode runs on Azure, not on the local Azure.");
                return;
            }
            try {
                Object answer = view.of(running, context);
                if (answer instanceof RawText raw) {
                    context.response().putHeader("Content-Type", "text/plain").end(raw.text());
                    return;
                }
                context.response().putHeader("Content-Type", "application/json")
                        .end(json.writeValueAsString(answer));
            } catch (Exception e) {
                context.fail(e);
            }
        });
    }

    private String banner() {
        String app = "http://localhost:" + httpPort;
        if (!enabled) {
            return String.join("\n", "",
                    "=== integrated-auth: dev mode on Azure =====================================",
                    "  Key Vault         " + keyVaultUrl,
                    "  Queue             " + queueUrl,
                    "  Table             " + tableUrl,
                    "  RandomNumber API  " + thirdPartyEndpoint,
                    "  Credential        DefaultAzureCredential (az login, or AZURE_CLIENT_ID/SECRET/TENANT_ID)",
                    "  Queued messages   az storage message peek --auth-mode login --queue-name code-requests ...",
                    "=============================================================================");
        }
        return String.join("\n", "",
                "=== integrated-auth: dev mode on the local Azure (127.0.0.1) ===============",
                "  Key Vault         " + endpoints.keyVaultUrl() + "  (secret " + LocalAzureEndpoints.SECRET_NAME + ")",
                "  Queue (Azurite)   " + endpoints.queueUrl() + "  (and " + LocalAzureEndpoints.POISON_QUEUE_NAME + ")",
                "  Table (Azurite)   " + endpoints.tableUrl(),
                "  RandomNumber API  " + endpoints.thirdPartyApiUrl(),
                "  Entra ID          " + endpoints.authorityHost() + "  (the app's credential, and its callers' issuer)",
                "  Queued messages   curl " + app + MESSAGES_PATH,
                "  Codes' table      curl " + app + ENTITIES_PATH,
                "  Home page         " + app + "/  (get a code, verify it, see its message and entity)",
                "  Real Azure        set KEY_VAULT_URL, STORAGE_QUEUE_URL, STORAGE_TABLE_URL, THIRD_PARTY_API_ENDPOINT",
                "=============================================================================");
    }

    /** Ready-to-paste calls with a caller's token: the local Entra's, or how to get one from the real one. */
    private String tryIt() {
        String app = "http://localhost:" + httpPort;
        String verify = "-H 'Content-Type: application/json' -d '{\"code\":\"...\"}' " + app + "/api/v1/codes/verify";
        if (callerToken != null) {
            String bearer = "-H 'Authorization: Bearer " + callerToken + "'";
            return String.join("\n", "",
                    "  Get a code (token valid " + DEV_TOKEN_LIFETIME.toDays() + " days, both roles):",
                    "curl " + bearer + " " + app + "/api/v1/getcode",
                    "  Verify it:",
                    "curl " + bearer + " " + verify, "");
        }
        String resource = apiResource.orElse("api://<AUTH_CLIENT_ID>");
        return String.join("\n", "",
                "  Get a code (as your az login, once granted Codes.Issue):",
                "TOKEN=$(az account get-access-token --resource " + resource + " --query accessToken -o tsv)",
                "curl -H \"Authorization: Bearer $TOKEN\" " + app + "/api/v1/getcode",
                "curl -H \"Authorization: Bearer $TOKEN\" " + verify, "");
    }
}
