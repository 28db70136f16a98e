package dev.integratedauth.azure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.azure.security.keyvault.secrets.SecretAsyncClient;

import dev.integratedauth.observability.Instrumentation;
import io.smallrye.mutiny.Uni;

/**
 * Holds the third-party API key in memory, read from Key Vault with the async client.
 * <ul>
 * <li>One read at a time: concurrent callers share the read that is under way.</li>
 * <li>A failed read is not kept: the next caller starts a new one.</li>
 * <li>The key is read again only when {@link #invalidate} says the API refused it (a rotated key).</li>
 * </ul>
 */
@ApplicationScoped
public class ThirdPartyApiKeyHolder {

    private final SecretAsyncClient secrets;
    @Inject
    Instrumentation instrumentation; // operations hook: Key Vault reads and key refreshes
    private final String secretName;
    private final long minRefreshNanos;
    private final AtomicReference<CompletableFuture<ThirdPartyApiKey>> current = new AtomicReference<>();
    private final AtomicLong lastInvalidation = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    ThirdPartyApiKeyHolder(SecretAsyncClient secrets, AzureConfig config) {
        this.secrets = secrets;
        this.secretName = config.keyVault().secretName();
        this.minRefreshNanos = config.keyVault().minRefreshInterval().toNanos();
    }

    /** The key, from memory, or from the one Key Vault read under way or started now. */
    public Uni<ThirdPartyApiKey> key() {
        return Uni.createFrom().completionStage(this::currentOrNewRead);
    }

    /** Whether a key is in memory now (for readiness). */
    public boolean isLoaded() {
        CompletableFuture<ThirdPartyApiKey> read = current.get();
        return read != null && read.isDone() && !read.isCompletedExceptionally();
    }

    /**
     * Forgets {@code refused} if it is still the key in memory, so the next {@link #key()} reads Key Vault again.
     * A key that was already replaced is left alone, so many requests that failed with the old key cause one
     * read; and it happens at most once per {@code min-refresh-interval}.
     */
    public void invalidate(ThirdPartyApiKey refused) {
        CompletableFuture<ThirdPartyApiKey> read = current.get();
        if (read == null || !read.isDone() || read.isCompletedExceptionally() || !read.join().equals(refused)) {
            return;
        }
        long now = System.nanoTime();
        long last = lastInvalidation.get();
        if (now - last >= minRefreshNanos && lastInvalidation.compareAndSet(last, now)) {
            current.compareAndSet(read, null);
        }
    }

    private CompletableFuture<ThirdPartyApiKey> currentOrNewRead() {
        while (true) {
            CompletableFuture<ThirdPartyApiKey> existing = current.get();
            if (existing != null && !existing.isCompletedExceptionally()) {
                return existing;
            }
            CompletableFuture<ThirdPartyApiKey> read = new CompletableFuture<>();
            if (current.compareAndSet(existing, read)) {
                instrumentation.keyVaultRead(secrets.getSecret(secretName))
                        .map(secret -> new ThirdPartyApiKey(secret.getValue()))
                        .subscribe(read::complete, read::completeExceptionally);
                return read;
            }
        }
    }
}
