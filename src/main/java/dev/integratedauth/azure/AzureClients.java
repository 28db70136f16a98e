package dev.integratedauth.azure;


import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.QueueClientBuilder;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * The Azure SDK objects, one of each: one HTTP client on Quarkus's own Vert.x, one credential, and the async clients
 * that share them.
 * <p>
 * All are {@code @Singleton} (the SDK classes are final, so they cannot be client-proxied) and therefore created on
 * first use: start-up makes no Azure call.
 */
public class AzureClients {

    private static final ConfigurationSource NO_SOURCE = source -> java.util.Map.of();

    @Produces
    @Singleton
    HttpClient httpClient(Vertx vertx, AzureConfig config, TlsConfigurationRegistry tls) {
        EventLoopBoundedElastic.install(); // before the SDK's first call: its response decoding stays on the event loop
        // One Vert.x client per event loop (EventLoopHttpClients), each with its share of the connections per host.
        List<EventExecutor> loops = EventLoopHttpClients.eventLoops(vertx);
        int connectionsPerClient = Math.max(1,
                (config.http().maxConnectionsPerHost() + loops.size() - 1) / loops.size());
        // Given options, the builder ignores its own connect/read timeouts, so they are set here.
        int keepAliveSeconds = (int) Math.max(1, config.http().keepAliveTimeout().toSeconds());
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.http().connectTimeout().toMillis())
                .setMaxPoolSize(connectionsPerClient)
                .setKeepAliveTimeout(keepAliveSeconds)
                .setMaxHeaderSize(256 * 1024);
        // The read idle timeout closes a connection whose answer stops in the middle (the response timeout ends at
        // the headers). Vert.x counts it from the last read, also while the connection waits in the pool, so it must
        // outlast a pooled connection's whole idle life (keep-alive, plus up to one period of the pool's cleaner,
        // which retires it) and then a whole response: equal to the response timeout, as it was, it closed
        // connections idle for that long just as a request was sent on them, and the request failed ("Connection
        // was closed", a 503 for a code).
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setReadIdleTimeout((int) Math.min(Integer.MAX_VALUE,
                keepAliveSeconds * 1000L + options.getPoolCleanerPeriod() + config.http().responseTimeout().toMillis()));
        config.tlsConfigurationName().ifPresent(name -> options.setTrustOptions(tls.get(name)
                .orElseThrow(() -> new IllegalStateException("No TLS configuration named " + name))
                .getTrustStoreOptions()));
        HttpClient clients = EventLoopHttpClients.of(loops, () -> new VertxHttpClientBuilder()
                .vertx(vertx)
                .httpClientOptions(new HttpClientOptions(options))
                .responseTimeout(config.http().responseTimeout())
                .build());
        // Every answer bounded in size while it is read (Key Vault, Queue and Table Storage, Entra).
        return new BoundedHttpClient(clients, config.http().maxResponseSize().asLongValue());
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
                .httpLogOptions(SafeHttpLogs.options()) // token responses are bodies: never logged
                .configuration(settings.build());
        credential.authorityHost().ifPresent(builder::authorityHost);
        if (credential.disableInstanceDiscovery()) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    /**
     * What every client authenticates with: the credential's tokens, held per resource and refreshed ahead of their
     * expiry off the request path (see {@link BackgroundTokenRefresh} for why the SDK's own refresh is not enough).
     */
    @Produces
    @Singleton
    BackgroundTokenRefresh tokens(DefaultAzureCredential credential) {
        return new BackgroundTokenRefresh(credential);
    }

    @Produces
    @Singleton
    SecretAsyncClient secretClient(HttpClient httpClient, BackgroundTokenRefresh credential, AzureConfig config) {
        AzureConfig.SdkRetry retry = config.keyVault().retry();
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(config.keyVault().url())
                .credential(TokenDiagnostics.wrap(credential)) // operations hook: first token per resource
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(retry.maxRetries())
                        .setBaseDelay(retry.baseDelay())
                        .setMaxDelay(retry.maxDelay())))
                .httpLogOptions(SafeHttpLogs.options()) // the secret is a body: never logged
                .addPolicy(new ReadErrorBodyPolicy());
        if (config.keyVault().disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildAsyncClient();
    }

    @Produces
    @Singleton
    QueueAsyncClient queueClient(HttpClient httpClient, BackgroundTokenRefresh credential, AzureConfig config) {
        // One try per send: the SDK would also retry timeouts and 5xx, which can queue a code twice. CodeQueue
        // retries the sends that cannot have arrived.
        return new QueueClientBuilder()
                .endpoint(config.queue().url())
                .credential(TokenDiagnostics.wrap(credential)) // operations hook: first token per resource
                .httpClient(httpClient)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, config.queue().sendTimeout(),
                        null, null, null))
                .httpLogOptions(SafeHttpLogs.cap(QueueClientBuilder.getDefaultHttpLogOptions()))
                .addPolicy(new ReadErrorBodyPolicy())
                .addPolicy(new StreamedRequestBodyPolicy())
                .buildAsyncClient();
    }

    /** The codes' table: {@code STORAGE_TABLE_URL} is the account's endpoint and the table's name. */
    @Produces
    @Singleton
    TableAsyncClient tableClient(HttpClient httpClient, BackgroundTokenRefresh credential, AzureConfig config) {
        String url = config.table().url().replaceAll("/+$", "");
        int slash = url.lastIndexOf('/');
        AzureConfig.SdkRetry retry = config.table().retry();
        RetryOptions retryOptions = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(retry.maxRetries())
                .setBaseDelay(retry.baseDelay())
                .setMaxDelay(retry.maxDelay()));
        // Our own pipeline, because the builder's credential policy delays concurrent requests (TablePipeline).
        HttpPipeline pipeline = TablePipeline.build(httpClient,
                TokenDiagnostics.wrap(credential), // operations hook: first token per resource
                retryOptions,
                List.of(new EagerlyReadResponsePolicy()),
                // 404, 409 and 412 are everyday answers here (unknown code, already recorded, lost race).
                List.of(new StreamedRequestBodyPolicy(), new ReadErrorBodyPolicy()));
        return new TableClientBuilder()
                .endpoint(url.substring(0, slash))
                .tableName(url.substring(slash + 1))
                .pipeline(pipeline)
                .buildAsyncClient();
    }

    /**
     * The consumer's two queues. Unlike {@link #queueClient}, these retry: receiving, deleting and moving a message
     * are safe to repeat (the consumer is at-least-once safe by design).
     */
    @Produces
    @Singleton
    ConsumerQueues consumerQueues(HttpClient httpClient, BackgroundTokenRefresh credential, AzureConfig config) {
        return new ConsumerQueues(consumerQueue(config.queue().url(), httpClient, credential),
                consumerQueue(config.poisonQueue().url(), httpClient, credential));
    }

    private static QueueAsyncClient consumerQueue(String url, HttpClient httpClient,
            BackgroundTokenRefresh credential) {
        return new QueueClientBuilder()
                .endpoint(url)
                .credential(TokenDiagnostics.wrap(credential)) // operations hook: first token per resource
                .httpClient(httpClient)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3,
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2),
                        null))
                .httpLogOptions(SafeHttpLogs.cap(QueueClientBuilder.getDefaultHttpLogOptions()))
                .addPolicy(new ReadErrorBodyPolicy())
                .addPolicy(new StreamedRequestBodyPolicy())
                .buildAsyncClient();
    }
}
