package dev.integratedauth.localazure;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;

/**
 * Dev mode on the local Azure: starts it before the first request can need it, says where everything is, shows
 * the queue at {@code /local-azure/messages}, and stops it with the application. Exists in dev builds only.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevLocalAzure {

    private static final Logger LOG = Logger.getLogger(DevLocalAzure.class);
    static final String MESSAGES_PATH = "/local-azure/messages";

    private final boolean enabled;
    private final LocalAzureEndpoints endpoints;
    private final String keyVaultUrl;
    private final String queueUrl;
    private final String thirdPartyEndpoint;
    private final int httpPort;
    private volatile LocalAzure localAzure;

    DevLocalAzure(@ConfigProperty(name = LocalAzureConfigSourceFactory.ENABLED, defaultValue = "false") boolean enabled,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTP, defaultValue = "18180") int http,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_HTTPS, defaultValue = "18543") int https,
            @ConfigProperty(name = LocalAzureConfigSourceFactory.PORT_QUEUE, defaultValue = "18544") int queue,
            @ConfigProperty(name = "app.azure.key-vault.url") String keyVaultUrl,
            @ConfigProperty(name = "app.azure.queue.url") String queueUrl,
            @ConfigProperty(name = "app.third-party.endpoint") String thirdPartyEndpoint,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.enabled = enabled;
        this.endpoints = new LocalAzureEndpoints(http, https, queue);
        this.keyVaultUrl = keyVaultUrl;
        this.queueUrl = queueUrl;
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

    void stop(@Observes ShutdownEvent event) {
        LocalAzure running = localAzure;
        if (running != null) {
            running.close();
        }
    }

    void messagesRoute(@Observes Router router, ObjectMapper json) {
        router.get(MESSAGES_PATH).blockingHandler(context -> {
            LocalAzure running = localAzure;
            if (running == null) {
                context.response().setStatusCode(404).end("Dev mode runs on Azure, not on the local Azure.");
                return;
            }
            try {
                List<String> messages = running.peekMessages();
                context.response().putHeader("Content-Type", "application/json")
                        .end(json.writeValueAsString(messages));
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
                    "  RandomNumber API  " + thirdPartyEndpoint,
                    "  Credential        DefaultAzureCredential (az login, or AZURE_CLIENT_ID/SECRET/TENANT_ID)",
                    "  Try               curl " + app + "/api/v1/getcode",
                    "  Queued messages   az storage message peek --auth-mode login --queue-name code-requests ...",
                    "=============================================================================");
        }
        return String.join("\n", "",
                "=== integrated-auth: dev mode on the local Azure (127.0.0.1) ===============",
                "  Key Vault         " + endpoints.keyVaultUrl() + "  (secret " + LocalAzureEndpoints.SECRET_NAME + ")",
                "  Queue (Azurite)   " + endpoints.queueUrl(),
                "  RandomNumber API  " + endpoints.thirdPartyApiUrl(),
                "  Entra ID          " + endpoints.authorityHost() + "  (DefaultAzureCredential, service principal)",
                "  Try               curl " + app + "/api/v1/getcode",
                "  Queued messages   curl " + app + MESSAGES_PATH,
                "  Real Azure        set KEY_VAULT_URL, STORAGE_QUEUE_URL, THIRD_PARTY_API_ENDPOINT",
                "=============================================================================");
    }
}
