package dev.integratedauth.localazure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.integratedauth.expiry.CodeSighted;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Dev mode on the local Azure: starts it before the first request can need it, says where everything is, shows the
 * queue at {@code /local-azure/messages}, the table at {@code /local-azure/entities} and one code's message and entity
 * at {@code /local-azure/codes/{code}} (the home page reads that), and stops it with the application. Exists in dev
 * builds only.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevLocalAzure {

    private static final Logger LOG = Logger.getLogger(DevLocalAzure.class);
    static final String MESSAGES_PATH = "/local-azure/messages";
    static final String ENTITIES_PATH = "/local-azure/entities";
    static final String CODES_PATH = "/local-azure/codes/";

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
    private volatile LocalAzure localAzure;

    DevLocalAzure(@ConfigProperty(name = LocalAzureConfigSourceFactory.ENABLED, defaultValue = "false") boolean enabled,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTP, defaultValue = "18180") int http,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTPS, defaultValue = "18543") int https,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_QUEUE, defaultValue = "18544") int queue,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_TABLE, defaultValue = "18545") int table,
            @ConfigProperty(name = "app.azure.key-vault.url") String keyVaultUrl,
            @ConfigProperty(name = "app.azure.queue.url") String queueUrl,
            @ConfigProperty(name = "app.azure.table.url") String tableUrl,
            @ConfigProperty(name = "app.third-party.endpoint") String thirdPartyEndpoint,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.enabled = enabled;
        this.endpoints = new LocalAzureEndpoints(http, https, queue, table);
        this.keyVaultUrl = keyVaultUrl;
        this.queueUrl = queueUrl;
        this.tableUrl = tableUrl;
        this.thirdPartyEndpoint = thirdPartyEndpoint;
        this.httpPort = httpPort;
    }

    /** Before every other start-up observer: the Key Vault warm-up read must find the stack up. */
    void start(@Observes @Priority(1) StartupEvent event) {
        if (enabled) {
            localAzure = LocalAzure.start(LocalAzure.Settings.inProject(endpoints, LocalAzure.DEMO_THIRD_PARTY_KEY,
                    false));
        }
        LOG.info(banner());
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
                context.response().putHeader("Content-Type", "application/json")
                        .end(json.writeValueAsString(view.of(running, context)));
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
                    "  Try               curl " + app + "/api/v1/getcode",
                    "  Verify it         curl -H 'Content-Type: application/json' -d '{\"code\":\"...\"}' " + app
                            + "/api/v1/codes/verify",
                    "  Queued messages   az storage message peek --auth-mode login --queue-name code-requests ...",
                    "=============================================================================");
        }
        return String.join("\n", "",
                "=== integrated-auth: dev mode on the local Azure (127.0.0.1) ===============",
                "  Key Vault         " + endpoints.keyVaultUrl() + "  (secret " + LocalAzureEndpoints.SECRET_NAME + ")",
                "  Queue (Azurite)   " + endpoints.queueUrl() + "  (and " + LocalAzureEndpoints.POISON_QUEUE_NAME + ")",
                "  Table (Azurite)   " + endpoints.tableUrl(),
                "  RandomNumber API  " + endpoints.thirdPartyApiUrl(),
                "  Entra ID          " + endpoints.authorityHost() + "  (DefaultAzureCredential, service principal)",
                "  Try               curl " + app + "/api/v1/getcode",
                "  Verify it         curl -H 'Content-Type: application/json' -d '{\"code\":\"...\"}' " + app
                        + "/api/v1/codes/verify",
                "  Queued messages   curl " + app + MESSAGES_PATH,
                "  Codes' table      curl " + app + ENTITIES_PATH,
                "  Home page         " + app + "/  (get a code, verify it, see its message and entity)",
                "  Real Azure        set KEY_VAULT_URL, STORAGE_QUEUE_URL, STORAGE_TABLE_URL, THIRD_PARTY_API_ENDPOINT",
                "=============================================================================");
    }
}
