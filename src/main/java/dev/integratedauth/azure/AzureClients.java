package dev.integratedauth.azure;


import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.azure.core.http.HttpClient;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.QueueClientBuilder;

import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * The Azure SDK objects, one of each: one HTTP client on Quarkus's own Vert.x, one credential, and the two async
 * clients that share them.
 * <p>
 * All are {@code @Singleton} (the SDK classes are final, so they cannot be client-proxied) and therefore created on
 * first use: start-up makes no Azure call.
 */
public class AzureClients {

    private static final ConfigurationSource NO_SOURCE = source -> java.util.Map.of();

    @Produces
    @Singleton
    HttpClient httpClient(Vertx vertx, AzureConfig config, TlsConfigurationRegistry tls) {
        HttpClientOptions options = new HttpClientOptions();
        config.tlsConfigurationName().ifPresent(name -> options.setTrustOptions(tls.get(name)
                .orElseThrow(() -> new IllegalStateException("No TLS configuration named " + name))
                .getTrustStoreOptions()));
        return new VertxHttpClientBuilder()
                .vertx(vertx)
                .httpClientOptions(options)
                .build();
    }

    @Produces
    @Singleton
    DefaultAzureCredential credential(HttpClient httpClient, AzureConfig config) {
        AzureConfig.Credential credential = config.credential();
        // Isolated: the no-argument ConfigurationBuilder would publish these values (a client secret among them)
        // JVM-wide. Keys not set here still fall back to system properties and the process environment.
        ConfigurationBuilder settings = new ConfigurationBuilder(NO_SOURCE, NO_SOURCE, NO_SOURCE);
        credential.authorityHost().ifPresent(v -> settings.putProperty(Configuration.PROPERTY_AZURE_AUTHORITY_HOST, v));
        credential.tenantId().ifPresent(v -> settings.putProperty(Configuration.PROPERTY_AZURE_TENANT_ID, v));
        credential.clientId().ifPresent(v -> settings.putProperty(Configuration.PROPERTY_AZURE_CLIENT_ID, v));
        credential.clientSecret().ifPresent(v -> settings.putProperty(Configuration.PROPERTY_AZURE_CLIENT_SECRET, v));
        credential.tokenCredentials().ifPresent(v -> settings.putProperty("AZURE_TOKEN_CREDENTIALS", v));

        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .httpClient(httpClient)
                .configuration(settings.build());
        credential.authorityHost().ifPresent(builder::authorityHost);
        if (credential.disableInstanceDiscovery()) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    @Produces
    @Singleton
    SecretAsyncClient secretClient(HttpClient httpClient, DefaultAzureCredential credential, AzureConfig config) {
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(config.keyVault().url())
                .credential(TokenDiagnostics.wrap(credential)) // operations hook: first token per resource
                .httpClient(httpClient)
                .addPolicy(new ReadErrorBodyPolicy());
        if (config.keyVault().disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildAsyncClient();
    }

    @Produces
    @Singleton
    QueueAsyncClient queueClient(HttpClient httpClient, DefaultAzureCredential credential, AzureConfig config) {
        return new QueueClientBuilder()
                .endpoint(config.queue().url())
                .credential(TokenDiagnostics.wrap(credential)) // operations hook: first token per resource
                .httpClient(httpClient)
                .addPolicy(new ReadErrorBodyPolicy())
                .buildAsyncClient();
    }
}
