package dev.integratedauth.azure;

import java.time.Duration;
import java.util.Optional;

import dev.integratedauth.common.Retry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the service finds Azure, how its SDK clients talk to it, and how they authenticate.
 * <p>
 * The URLs come from the original sample's environment variables (application.properties binds them). The
 * {@code credential} group is empty in production: {@code DefaultAzureCredential} then reads the process environment as
 * usual (managed identity on Container Apps, {@code az login} on a laptop).
 */
@ConfigMapping(prefix = "app.azure")
public interface AzureConfig {

    KeyVault keyVault();

    Queue queue();

    /** The codes' table. */
    Table table();

    /** Where the consumer moves messages that are not codes. */
    PoisonQueue poisonQueue();

    Credential credential();

    Http http();

    /**
     * Name of a Quarkus TLS configuration ({@code quarkus.tls.<name>.*}) whose trust store the SDK's HTTP client uses
     * instead of the JVM's default trust. Only the local Azure sets it, so its self-signed certificate is trusted by
     * the clients that talk to it and by nothing else.
     */
    Optional<String> tlsConfigurationName();

    /** The SDK's HTTP client, shared by the credential and every client. */
    interface Http {
        @WithDefault("2s")
        Duration connectTimeout();

        /** From sending the request to the response's headers. */
        @WithDefault("5s")
        Duration responseTimeout();

        /**
         * Connections kept per host (the queue takes one send per code; Vert.x's default of 5 would queue sends under
         * load), split evenly over the event loops.
         */
        @WithDefault("64")
        int maxConnectionsPerHost();

        /**
         * An idle pooled connection is closed after this long. It must be shorter than the server's own idle timeout: a
         * connection the server closes just as a request is sent on it fails that request. Azure's front ends keep idle
         * connections for minutes; Azurite for 5 seconds.
         */
        @WithDefault("60s")
        Duration keepAliveTimeout();

        /**
         * The largest answer the SDK reads (Key Vault, Queue and Table Storage, Entra): a larger one fails as soon as
         * that is known (its Content-Length, or the bytes read). Their answers are a few KiB.
         */
        @WithDefault("1M")
        MemorySize maxResponseSize();
    }

    interface KeyVault {
        /** {@code KEY_VAULT_URL}, e.g. {@code https://my-vault.vault.azure.net/}. */
        String url();

        /**
         * The SDK insists that the vault host ends with the challenge's resource domain ({@code .vault.azure.net}). A
         * vault on 127.0.0.1 needs this off; a real vault never does.
         */
        @WithDefault("false")
        boolean disableChallengeResourceVerification();

        /** The SDK's own retries of one read (connection failures, 408, 429, 5xx). */
        KeyVaultRetry retry();
    }

    interface KeyVaultRetry extends Retry {
        @Override
        @WithDefault("2")
        int maxRetries();

        @Override
        @WithDefault("200ms")
        Duration initialBackoff();

        @Override
        @WithDefault("2s")
        Duration maxBackoff();
    }

    interface Queue {
        /** {@code STORAGE_QUEUE_URL}, e.g. {@code https://account.queue.core.windows.net/code-requests}. */
        String url();

        /** The time one send may take. */
        @WithDefault("3s")
        Duration sendTimeout();

        /**
         * Retries of a send that cannot have reached the queue (connection failures). A send that timed out or got a
         * 5xx may have been stored: trying it again could queue a code twice, so it is not retried.
         */
        SendRetry retry();
    }

    interface SendRetry extends Retry {
        @Override
        @WithDefault("2")
        int maxRetries();

        @Override
        @WithDefault("50ms")
        Duration initialBackoff();

        @Override
        @WithDefault("500ms")
        Duration maxBackoff();
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
        TableRetry retry();
    }

    interface TableRetry extends Retry {
        @Override
        @WithDefault("2")
        int maxRetries();

        @Override
        @WithDefault("100ms")
        Duration initialBackoff();

        @Override
        @WithDefault("1s")
        Duration maxBackoff();
    }

    interface PoisonQueue {
        /** {@code STORAGE_POISON_QUEUE_URL}; unset, the code queue's URL followed by {@code -poison}. */
        Optional<String> url();
    }

    /**
     * Optional overrides of the {@code AZURE_*} variables that {@code DefaultAzureCredential} reads, given to it in an
     * isolated azure-core {@code Configuration} (never JVM-wide). Unset keys fall back to the process environment.
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

        /**
         * While no token can be had, the waits between attempts (the first request after each wait starts one); the
         * requests in between fail at once. Short: the first code follows the endpoint's return within about this.
         */
        CredentialRetry retry();

        /**
         * How long one token attempt may take before it counts as failed (a hanging endpoint); generous, as the
         * Azure CLI's credential on a laptop can take seconds.
         */
        @WithDefault("10s")
        Duration attemptTimeout();
    }

    interface CredentialRetry extends Retry {
        /** Not used: attempts go on while requests need a token. */
        @Override
        @WithDefault("-1")
        int maxRetries();

        @Override
        @WithDefault("250ms")
        Duration initialBackoff();

        @Override
        @WithDefault("1s")
        Duration maxBackoff();
    }
}
