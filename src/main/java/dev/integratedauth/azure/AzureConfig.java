package dev.integratedauth.azure;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the service finds Azure and how it authenticates there.
 * <p>
 * The URLs default to the original sample's environment variables (see application.properties). The
 * {@code credential} group is empty in production: {@link com.azure.identity.DefaultAzureCredential} then reads
 * the process environment as usual (managed identity on Container Apps, {@code az login} on a laptop).
 */
@ConfigMapping(prefix = "app.azure")
public interface AzureConfig {

    KeyVault keyVault();

    Queue queue();

    /** The codes' table (package {@code lifecycle}). */
    Table table();

    /** Where the consumer moves messages that are not codes. */
    PoisonQueue poisonQueue();

    Credential credential();

    Http http();

    /** The Azure SDK's HTTP client, shared by the credential and both clients. */
    interface Http {
        @WithDefault("2s")
        Duration connectTimeout();

        /** From sending the request to the response's headers. */
        @WithDefault("5s")
        Duration responseTimeout();

        /**
         * Connections kept per host (the queue takes one send per code; Vert.x's default of 5 would queue sends
         * under load), split evenly over the event loops, each of which has its own client
         * ({@link EventLoopHttpClients}).
         */
        @WithDefault("64")
        int maxConnectionsPerHost();

        /**
         * An idle pooled connection is closed after this long. It must be shorter than the server's own idle timeout:
         * a connection the server closes just as a request is sent on it fails that request (and azure-core-http-vertx
         * then logs an ERROR). Azure's front ends keep idle connections for minutes; Azurite for 5 seconds.
         */
        @WithDefault("60s")
        Duration keepAliveTimeout();

        /**
         * The largest answer the SDK reads (Key Vault, Queue and Table Storage, Entra): a larger one fails as soon
         * as that is known (its Content-Length, or the bytes read). Their answers are a few KiB.
         */
        @WithDefault("1M")
        MemorySize maxResponseSize();
    }

    /**
     * Name of a Quarkus TLS configuration ({@code quarkus.tls.<name>.*}) whose trust store the Azure SDK's HTTP
     * client uses instead of the JVM's default trust. Only the local Azure sets it, so its self-signed certificate
     * is trusted by the clients that talk to it and by nothing else.
     */
    Optional<String> tlsConfigurationName();

    interface KeyVault {
        /** {@code KEY_VAULT_URL}, e.g. {@code https://my-vault.vault.azure.net/}. */
        String url();

        /** {@code THIRD_PARTY_API_SECRET_NAME}: the secret that holds the third-party API key. */
        String secretName();

        /**
         * The SDK insists that the vault host ends with the challenge's resource domain ({@code .vault.azure.net}).
         * A vault on 127.0.0.1 needs this off; a real vault never does.
         */
        @WithDefault("false")
        boolean disableChallengeResourceVerification();

        /**
         * When the API refuses the key, it is read again, but at most once in this interval: a key that is wrong in
         * Key Vault too must not turn every request into a Key Vault read.
         */
        @WithDefault("30s")
        Duration minRefreshInterval();

        /**
         * How long a request waits for a Key Vault read under way before it answers 503 key-unavailable (the read
         * goes on for the next requests). Without it a read that cannot get a token (the identity endpoint down:
         * MSAL and azure-identity retry each token request for seconds, and the vault client retries the read)
         * outlasts {@code app.code.deadline}, and callers get 504 deadline instead of the key's own answer.
         */
        @WithDefault("5s")
        Duration maxWait();

        /** Read the key again this often (off by default: it is read again when the API refuses it). */
        Optional<Duration> refreshInterval();

        /** Back-off of the warm-up read at boot while Key Vault is unavailable. */
        WarmUp warmUp();

        /** The SDK's own retries of one Key Vault call. */
        SdkRetry retry();
    }

    interface WarmUp {
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    /** Retries the Azure SDK makes inside one Key Vault read (exponential; connection failures, 408, 429, 5xx). */
    interface SdkRetry {
        @WithDefault("2")
        int maxRetries();

        @WithDefault("200ms")
        Duration baseDelay();

        @WithDefault("2s")
        Duration maxDelay();
    }

    interface Queue {
        /** {@code STORAGE_QUEUE_URL}, e.g. {@code https://account.queue.core.windows.net/code-requests}. */
        String url();

        /** The time one send may take. */
        @WithDefault("3s")
        Duration sendTimeout();

        /**
         * Retries of a send that cannot have reached the queue (connection failures). A send that timed out or got
         * a 5xx may have been stored: trying it again could queue a code twice, so it is not retried.
         */
        ConnectRetry retry();
    }

    interface Table {
        /**
         * {@code STORAGE_TABLE_URL}: the account's table endpoint followed by the table's name, e.g.
         * {@code https://account.table.core.windows.net/codes}.
         */
        String url();

        /** The time one Table Storage operation may take, the SDK's retries included. */
        @WithDefault("3s")
        Duration timeout();

        /** The SDK's retries of one call (connection failures, 408, 429, 5xx); every write here is conditional. */
        SdkRetry retry();
    }

    interface PoisonQueue {
        /** {@code STORAGE_POISON_QUEUE_URL}; by default the code queue's URL followed by {@code -poison}. */
        String url();
    }

    interface ConnectRetry {
        @WithDefault("2")
        int maxRetries();

        @WithDefault("50ms")
        Duration initialBackoff();

        @WithDefault("500ms")
        Duration maxBackoff();
    }

    /**
     * Optional overrides of the {@code AZURE_*} variables that {@code DefaultAzureCredential} reads, given to it in
     * an isolated azure-core {@code Configuration} (never JVM-wide). Unset keys fall back to the process
     * environment.
     */
    interface Credential {
        /** {@code AZURE_AUTHORITY_HOST}: the Entra endpoint (sovereign clouds, or the local Azure). */
        Optional<String> authorityHost();

        /** {@code AZURE_TENANT_ID} of a service principal. */
        Optional<String> tenantId();

        /** {@code AZURE_CLIENT_ID}: a service principal, or a user-assigned managed identity. */
        Optional<String> clientId();

        /** {@code AZURE_CLIENT_SECRET} of a service principal. */
        Optional<String> clientSecret();

        /** {@code AZURE_TOKEN_CREDENTIALS}: {@code prod}, {@code dev} or one credential's name, to narrow the chain. */
        Optional<String> tokenCredentials();

        /** Skip Entra instance discovery: for authorities that are not login.microsoftonline.com. */
        @WithDefault("false")
        boolean disableInstanceDiscovery();
    }
}
