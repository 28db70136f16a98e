package dev.integratedauth.azure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueAsyncClient;
import com.azure.storage.queue.QueueClientBuilder;

import dev.integratedauth.common.Retry;
import dev.integratedauth.common.RetryLater;
import dev.integratedauth.workarounds.azuresdk.BackgroundTokenRefresh;
import dev.integratedauth.workarounds.azuresdk.BoundedHttpClient;
import dev.integratedauth.workarounds.azuresdk.EventLoopBoundedElastic;
import dev.integratedauth.workarounds.azuresdk.EventLoopHttpClients;
import dev.integratedauth.workarounds.azuresdk.HungRequestRelease;
import dev.integratedauth.workarounds.azuresdk.ReadErrorBodyPolicy;
import dev.integratedauth.workarounds.azuresdk.SafeHttpLogs;
import dev.integratedauth.workarounds.azuresdk.StreamedRequestBodyPolicy;
import dev.integratedauth.workarounds.azuresdk.TablePipeline;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * The Azure SDK objects, one of each: one HTTP client on Quarkus's own Vert.x, one credential, and the async clients
 * that share them. Every library workaround the SDK needs is applied here, and nowhere else (docs/workarounds.md).
 * <p>
 * All are {@code @Singleton} (the SDK classes are final, so they cannot be client-proxied) and therefore created on
 * first use: start-up makes no Azure call.
 */
public class AzureClients {

    private static final ConfigurationSource NO_SOURCE = source -> Map.of();
    /** The consumer's receives, deletes and moves are safe to repeat: the SDK may retry them. */
    private static final RequestRetryOptions CONSUMER_RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL,
            3, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(2), null);

    @Produces
    @Singleton
    HttpClient httpClient(Vertx vertx, AzureConfig config, TlsConfigurationRegistry tls) {
        EventLoopBoundedElastic.install(); // before the SDK's first call: its response decoding stays on the event loop
        // One Vert.x client per event loop, each with its share of the connections per host.
        List<EventExecutor> loops = EventLoopHttpClients.eventLoops(vertx);
        int connectionsPerClient = Math.max(1,
                (config.http().maxConnectionsPerHost() + loops.size() - 1) / loops.size());
        // The connect timeout also bounds the wait for a pooled connection (HungRequestRelease).
        int keepAliveSeconds = (int) Math.max(1, config.http().keepAliveTimeout().toSeconds());
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.http().connectTimeout().toMillis())
                .setMaxPoolSize(connectionsPerClient)
                .setKeepAliveTimeout(keepAliveSeconds)
                .setMaxHeaderSize(256 * 1024);
        // The read idle timeout closes a connection whose answer stops in the middle (the response timeout ends at the
        // headers). Vert.x counts it from the last read, also while the connection waits in the pool, so it outlasts a
        // pooled connection's whole idle life (keep-alive plus one period of the pool's cleaner) and then a response:
        // otherwise a connection idle that long is closed just as a request is sent on it.
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setReadIdleTimeout((int) Math.min(Integer.MAX_VALUE,
                keepAliveSeconds * 1000L + options.getPoolCleanerPeriod() + config.http().responseTimeout().toMillis()));
        config.tlsConfigurationName().ifPresent(name -> options.setTrustOptions(tls.get(name)
                .orElseThrow(() -> new IllegalStateException("No TLS configuration named " + name))
                .getTrustStoreOptions()));
        HttpClient clients = EventLoopHttpClients.of(loops, () -> HungRequestRelease.azureClient(vertx,
                new HttpClientOptions(options), config.http().responseTimeout()));
        return new BoundedHttpClient(clients, config.http().maxResponseSize().asLongValue());
    }

    /**
     * What every client authenticates with: {@code DefaultAzureCredential}'s tokens, held per resource and refreshed
     * ahead of their expiry off the request path, the first one per resource logged.
     */
    @Produces
    @Singleton
    TokenCredential credential(HttpClient httpClient, AzureConfig config) {
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
                // One quick retry: BackgroundTokenRefresh paces the attempts. The SDK's own three, from 0.8 s, would
                // keep an attempt against a refusing endpoint busy for seconds after the endpoint is back.
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(1)
                        .setBaseDelay(Duration.ofMillis(100)).setMaxDelay(Duration.ofMillis(200))))
                .httpLogOptions(SafeHttpLogs.options())
                .configuration(settings.build());
        credential.authorityHost().ifPresent(builder::authorityHost);
        if (credential.disableInstanceDiscovery()) {
            builder.disableInstanceDiscovery();
        }
        return TokenDiagnostics.wrap(new BackgroundTokenRefresh(builder.build(), credential.retry(),
                credential.attemptTimeout()));
    }

    @Produces
    @Singleton
    SecretAsyncClient secretClient(HttpClient httpClient, TokenCredential credential, AzureConfig config) {
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(config.keyVault().url())
                .credential(credential)
                .httpClient(httpClient)
                .retryOptions(sdkRetries(config.keyVault().retry()))
                .httpLogOptions(SafeHttpLogs.options())
                .addPolicy(new ReadErrorBodyPolicy());
        if (config.keyVault().disableChallengeResourceVerification()) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildAsyncClient();
    }

    @Produces
    @Singleton
    QueueAsyncClient queueClient(HttpClient httpClient, TokenCredential credential, AzureConfig config) {
        // One try per send: the SDK would also retry timeouts and 5xx, which can queue a code twice. CodeQueue
        // retries the sends that cannot have arrived.
        return queue(config.queue().url(), httpClient, credential,
                new RequestRetryOptions(RetryPolicyType.FIXED, 1, config.queue().sendTimeout(), null, null, null));
    }

    /** The codes' table: {@code STORAGE_TABLE_URL} is the account's endpoint and the table's name. */
    @Produces
    @Singleton
    TableAsyncClient tableClient(HttpClient httpClient, TokenCredential credential, AzureConfig config) {
        String url = config.table().url().replaceAll("/+$", "");
        int slash = url.lastIndexOf('/');
        return new TableClientBuilder()
                .endpoint(url.substring(0, slash))
                .tableName(url.substring(slash + 1))
                .pipeline(TablePipeline.build(httpClient, credential, sdkRetries(config.table().retry()),
                        List.of(),
                        List.of(new StreamedRequestBodyPolicy(), new ReadErrorBodyPolicy())))
                .buildAsyncClient();
    }

    /** The consumer's two queues; unlike the getcode path's, these retry (see {@link #CONSUMER_RETRIES}). */
    @Produces
    @Singleton
    ConsumerQueues consumerQueues(HttpClient httpClient, TokenCredential credential, AzureConfig config) {
        String codeRequests = config.queue().url();
        return new ConsumerQueues(queue(codeRequests, httpClient, credential, CONSUMER_RETRIES),
                queue(config.poisonQueue().url().orElse(codeRequests + "-poison"), httpClient, credential,
                        CONSUMER_RETRIES));
    }

    private static QueueAsyncClient queue(String url, HttpClient httpClient, TokenCredential credential,
            RequestRetryOptions retries) {
        return new QueueClientBuilder()
                .endpoint(url)
                .credential(credential)
                .httpClient(httpClient)
                .retryOptions(retries)
                .httpLogOptions(SafeHttpLogs.cap(QueueClientBuilder.getDefaultHttpLogOptions()))
                .addPolicy(new ReadErrorBodyPolicy())
                .addPolicy(new StreamedRequestBodyPolicy())
                .buildAsyncClient();
    }

    /** azure-core's own judgement of what is worth another try. */
    private static final ExponentialBackoff SDK_JUDGEMENT = new ExponentialBackoff();

    /**
     * The SDK's retries, except of a failure that says when to try again (no token until the credential's next
     * attempt): trying again at once would fail the same way and only delay the caller's 503.
     */
    private static RetryOptions sdkRetries(Retry retry) {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(retry.maxRetries())
                .setBaseDelay(retry.initialBackoff())
                .setMaxDelay(retry.maxBackoff()))
                .setShouldRetryCondition(condition -> condition.getThrowable() != null
                        ? RetryLater.in(condition.getThrowable()).isEmpty()
                                && SDK_JUDGEMENT.shouldRetryException(condition.getThrowable())
                        : SDK_JUDGEMENT.shouldRetry(condition.getResponse()));
    }
}
