package dev.integratedauth.randomnumber;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.azure.security.keyvault.secrets.SecretAsyncClient;

import dev.integratedauth.common.Backoff;
import dev.integratedauth.common.ReactorBridge;
import dev.integratedauth.common.Retry;
import dev.integratedauth.common.RetryLater;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * Holds the third-party API key in memory, read from Key Vault with the async client. Every decision about the key's
 * lifetime is here:
 * <ul>
 * <li>A warm-up read starts at boot and does not hold start-up up; if Key Vault is down it is retried with jittered
 * exponential back-off until it succeeds. Start-up never fails because of Key Vault.</li>
 * <li>One read at a time: concurrent callers share the read under way. A failed read stands for the key until the next
 * step of the warm-up's back-off, so a failing vault sees one read per step however many requests arrive; requests
 * meanwhile fail at once (503).</li>
 * <li>The key is read again when the API refuses it ({@link #invalidate}, a rotated key), at most once per
 * {@code min-refresh-interval}; and, if {@code refresh-interval} is set, periodically (the old key stays in use until a
 * new one arrives).</li>
 * <li>The value is never logged, and {@link ThirdPartyApiKey#toString()} hides it.</li>
 * </ul>
 */
@ApplicationScoped
public class ThirdPartyApiKeyHolder {

    private static final Logger LOG = Logger.getLogger(ThirdPartyApiKeyHolder.class);

    private final SecretAsyncClient secrets;
    private final RandomNumberConfig.Key config;
    private final Vertx vertx;
    private final RandomNumberMetrics metrics;
    private final AtomicReference<CompletableFuture<ThirdPartyApiKey>> current = new AtomicReference<>();
    /** Version of the last secret read successfully; null before the first. Not the value. */
    private final AtomicReference<String> lastVersion = new AtomicReference<>();
    private final AtomicLong lastInvalidation = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private volatile Cancellable warmUp;
    /** The back-off of failed reads, and until when the last failure stands for the key (no new read before). */
    private final Backoff failures;
    private volatile long failureHeldUntil = System.nanoTime();
    private volatile long refreshTimer = -1;

    ThirdPartyApiKeyHolder(SecretAsyncClient secrets, RandomNumberConfig config, Vertx vertx,
            RandomNumberMetrics metrics) {
        this.secrets = secrets;
        this.config = config.key();
        this.vertx = vertx;
        this.metrics = metrics;
        this.failures = new Backoff(this.config.warmUp());
    }

    void warmUp(@Observes StartupEvent event) {
        Uni<ThirdPartyApiKey> read = key().onFailure().invoke(e -> LOG.warnf(
                "Key Vault read failed (%s); trying again with back-off", e.getClass().getSimpleName()));
        warmUp = Retry.apply(config.warmUp(), read, failure -> true)
                .subscribe().with(key -> LOG.info("Third-party API key loaded from Key Vault"), e -> {
                });
        config.refreshInterval().ifPresent(interval -> refreshTimer = vertx.setPeriodic(interval.toMillis(),
                id -> refresh()));
    }

    void stop(@Observes ShutdownEvent event) {
        Cancellable running = warmUp;
        if (running != null) {
            running.cancel();
        }
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
    }

    /**
     * The key, from memory, or from the one Key Vault read under way or started now. Each caller gets its own copy of
     * the shared read: a caller that gives up (its request hit the deadline) cancels its copy, not the read.
     */
    public Uni<ThirdPartyApiKey> key() {
        return ReactorBridge.onCallerContext(
                Uni.createFrom().completionStage(() -> currentOrNewRead().copy()));
    }

    /** Whether a key is in memory now (for readiness). */
    public boolean isLoaded() {
        CompletableFuture<ThirdPartyApiKey> read = current.get();
        return read != null && read.isDone() && !read.isCompletedExceptionally();
    }

    /**
     * Forgets {@code refused} if it is still the key in memory, so the next {@link #key()} reads Key Vault again. A key
     * that was already replaced is left alone, so many requests that failed with the old key cause one read; and it
     * happens at most once per {@code min-refresh-interval}.
     */
    public void invalidate(ThirdPartyApiKey refused) {
        CompletableFuture<ThirdPartyApiKey> read = current.get();
        if (read == null || !read.isDone() || read.isCompletedExceptionally() || !read.join().equals(refused)) {
            return;
        }
        long now = System.nanoTime();
        long last = lastInvalidation.get();
        if (now - last >= config.minRefreshInterval().toNanos() && lastInvalidation.compareAndSet(last, now)) {
            LOG.info("The third-party API refused the key; reading it from Key Vault again");
            current.compareAndSet(read, null);
        }
    }

    /** Periodic refresh: replaces the key once a new read succeeds; a failure keeps the key in use. */
    private void refresh() {
        CompletableFuture<ThirdPartyApiKey> inUse = current.get();
        if (inUse == null || !inUse.isDone()) {
            return;
        }
        read().whenComplete((key, failure) -> {
            if (failure != null) {
                LOG.warnf("Periodic Key Vault read failed (%s); keeping the key in use",
                        failure.getClass().getSimpleName());
            } else {
                current.compareAndSet(inUse, CompletableFuture.completedFuture(key));
            }
        });
    }

    private CompletableFuture<ThirdPartyApiKey> currentOrNewRead() {
        while (true) {
            CompletableFuture<ThirdPartyApiKey> existing = current.get();
            if (existing != null && (!existing.isCompletedExceptionally() || System.nanoTime() - failureHeldUntil < 0)) {
                return existing; // the key, the read under way, or a failure still held: no read of its own
            }
            CompletableFuture<ThirdPartyApiKey> read = new CompletableFuture<>();
            if (current.compareAndSet(existing, read)) {
                read().whenComplete((key, failure) -> {
                    if (failure != null) {
                        holdFailure(failure);
                        read.completeExceptionally(failure);
                    } else {
                        synchronized (failures) {
                            failures.reset();
                        }
                        read.complete(key);
                    }
                });
                return read;
            }
        }
    }

    /**
     * A failed read is the answer until the next back-off step is over (the warm-up's settings: jittered, doubling,
     * bounded): however many requests arrive while Key Vault fails or forbids the read, it sees one read per step,
     * not one per request, and the requests meanwhile fail at once. A read that never reached Key Vault because no
     * token could be had is held only until the credential's next attempt, so the key follows the token within
     * moments once the identity endpoint is back.
     */
    private void holdFailure(Throwable failure) {
        long wait = RetryLater.in(failure).map(later -> later.retryIn().toNanos()).orElseGet(() -> {
            synchronized (failures) {
                return failures.next().toNanos();
            }
        });
        failureHeldUntil = System.nanoTime() + wait;
    }

    /** How long until a new read is due (zero: now, or a read is under way): the {@code Retry-After} of a 503. */
    public Duration retryIn() {
        CompletableFuture<ThirdPartyApiKey> read = current.get();
        if (read == null || !read.isCompletedExceptionally()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, failureHeldUntil - System.nanoTime()));
    }

    /** One read of the secret; metered, with its version (never its value) to tell a rotation from a re-read. */
    private CompletableFuture<ThirdPartyApiKey> read() {
        long start = System.nanoTime();
        return secrets.getSecret(config.secretName()).toFuture().whenComplete((secret, failure) -> {
            if (failure != null) {
                metrics.keyVaultRead(false, System.nanoTime() - start, false, false);
                return;
            }
            String version = secret.getProperties() == null ? ""
                    : Objects.toString(secret.getProperties().getVersion(), "");
            String previous = lastVersion.getAndSet(version);
            metrics.keyVaultRead(true, System.nanoTime() - start, previous != null,
                    previous != null && !previous.equals(version));
        }).thenApply(secret -> new ThirdPartyApiKey(secret.getValue()));
    }
}
