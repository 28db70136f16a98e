package dev.integratedauth.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Says at start, in one INFO line, how {@code DefaultAzureCredential} will look for a token: the variables that steer
 * it, and for which resources the service asks. Only names and non-secret identifiers: a client secret or a
 * managed-identity header is reported as "set", never shown.
 * <p>
 * Which credential of the chain then produced a token azure-identity logs itself at INFO (category
 * {@code com.azure.identity}):
 * {@code "Azure Identity => Attempted credential ManagedIdentityCredential returns a token"}; {@link TokenDiagnostics}
 * adds, once per resource, for which scopes. Nothing here touches a token.
 */
@ApplicationScoped
class CredentialDiagnostics {

    private static final Logger LOG = Logger.getLogger(CredentialDiagnostics.class);

    private final AzureConfig config;
    private final Function<String, String> environment;

    @Inject
    CredentialDiagnostics(AzureConfig config) {
        this(config, System::getenv);
    }

    CredentialDiagnostics(AzureConfig config, Function<String, String> environment) {
        this.config = config;
        this.environment = environment;
    }

    void atStart(@Observes StartupEvent event) {
        LOG.info(describe());
    }

    String describe() {
        AzureConfig.Credential credential = config.credential();
        List<String> parts = new ArrayList<>();
        parts.add("chain " + setting(credential.tokenCredentials(), "AZURE_TOKEN_CREDENTIALS")
                .map(v -> "narrowed by AZURE_TOKEN_CREDENTIALS=" + v)
                .orElse("in full (AZURE_TOKEN_CREDENTIALS not set)"));
        parts.add(setting(credential.clientId(), "AZURE_CLIENT_ID")
                .map(v -> "AZURE_CLIENT_ID=" + v)
                .orElse("AZURE_CLIENT_ID not set (system-assigned identity or developer login)"));
        parts.add("AZURE_TENANT_ID " + (setting(credential.tenantId(), "AZURE_TENANT_ID").isPresent() ? "set" : "not set"));
        parts.add("client secret " + (setting(credential.clientSecret(), "AZURE_CLIENT_SECRET").isPresent() ? "set"
                : "not set"));
        parts.add("managed identity endpoint " + (isSet("IDENTITY_ENDPOINT") || isSet("MSI_ENDPOINT") ? "present"
                : "absent"));
        credential.authorityHost().ifPresent(host -> parts.add("authority " + host));
        parts.add("tokens for https://vault.azure.net (Key Vault " + config.keyVault().url()
                + ") and https://storage.azure.com (Queue Storage)");
        return "Azure credential: DefaultAzureCredential, " + String.join(", ", parts)
                + ". Which credential returns a token is logged by com.azure.identity.";
    }

    private Optional<String> setting(Optional<String> configured, String variable) {
        return configured.filter(v -> !v.isBlank()).or(() -> Optional.ofNullable(environment.apply(variable))
                .filter(v -> !v.isBlank()));
    }

    private boolean isSet(String variable) {
        String value = environment.apply(variable);
        return value != null && !value.isBlank();
    }
}
