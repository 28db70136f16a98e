package dev.integratedauth.workarounds.azuresdk;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;

/**
 * Keeps one token per resource in memory and refreshes it ahead of its expiry <em>off the request path</em>, so that no
 * request waits for, or fails with, a refresh while a valid token is held.
 * <p>
 * Why: azure-core's {@code AccessTokenCache} (in every client's bearer-token policy) refreshes a token 5 minutes before
 * it expires, but on the request that notices, and that request waits for the token endpoint. The wait counts against
 * that request's own limits, and a failing endpoint makes it long: MSAL tries a managed-identity 5xx four times, a
 * second apart, and azure-identity's pipeline retries each try with back-off. The queue send's limit
 * ({@code app.azure.queue.send-timeout}, the storage retry policy's try timeout, which wraps the bearer policy) then
 * expires, and a code is refused although a valid token was in memory. Here such a call returns the token in memory at
 * once and starts the refresh in the background; the SDK's cache asks again 30 s later and then gets the new token. A
 * failed refresh keeps the token in use (one WARN, no token in it) and is tried again on the next ask, at most once per
 * {@link #RETRY_DELAY}.
 * <p>
 * Only a token that has expired, or none yet, is fetched on the request path (shared by concurrent callers). Requests
 * with claims (a continuous-access-evaluation challenge) always go to the credential: they must not get a cached token.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1 ({@code AccessTokenCache}); upstream: by design (refresh
 * on the request that notices). No canary: a behaviour, not a bug; keep while a refresh can hold a request.
 */
public final class BackgroundTokenRefresh implements TokenCredential {

    /** The same offset as azure-core's cache: a refresh starts when this little of the token's life is left. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    /** A failed refresh is tried again at most this often (azure-core waits as long between its attempts). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(BackgroundTokenRefresh.class);

    private final TokenCredential credential;
    private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();

    public BackgroundTokenRefresh(TokenCredential credential) {
        this.credential = Objects.requireNonNull(credential);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        if (request.getClaims() != null) {
            return credential.getToken(request);
        }
        Slot slot = slot(request);
        AccessToken held = slot.heldRefreshingAhead(request);
        return held != null ? Mono.just(held) : Mono.fromCompletionStage(() -> slot.fetch(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        if (request.getClaims() != null) {
            return credential.getTokenSync(request);
        }
        Slot slot = slot(request);
        AccessToken held = slot.heldRefreshingAhead(request);
        if (held != null) {
            return held;
        }
        AccessToken fresh = credential.getTokenSync(request);
        slot.token.set(fresh);
        return fresh;
    }

    private Slot slot(TokenRequestContext request) {
        return slots.computeIfAbsent(Key.of(request), k -> new Slot());
    }

    private static boolean isDueForRefresh(AccessToken token) {
        OffsetDateTime refreshAt = token.getRefreshAt() != null ? token.getRefreshAt()
                : token.getExpiresAt().minus(REFRESH_AHEAD);
        return OffsetDateTime.now().isAfter(refreshAt);
    }

    /** What makes two requests want the same token. */
    private record Key(List<String> scopes, String tenantId, boolean cae) {
        static Key of(TokenRequestContext request) {
            return new Key(List.copyOf(request.getScopes()), request.getTenantId(), request.isCaeEnabled());
        }
    }

    /** One resource's token, and the one fetch under way for it. */
    private final class Slot {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        final AtomicReference<CompletableFuture<AccessToken>> fetching = new AtomicReference<>();
        volatile long lastAttemptNanos = System.nanoTime() - RETRY_DELAY.toNanos();

        /** The token held if it is still valid (starting its refresh when it is due), else null. */
        AccessToken heldRefreshingAhead(TokenRequestContext request) {
            AccessToken held = token.get();
            if (held == null || held.isExpired()) {
                return null;
            }
            if (isDueForRefresh(held)) {
                refreshInBackground(request);
            }
            return held;
        }

        /** The fetch under way, or a new one; a failed fetch is not kept. */
        CompletableFuture<AccessToken> fetch(TokenRequestContext request) {
            while (true) {
                CompletableFuture<AccessToken> running = fetching.get();
                if (running != null) {
                    return running;
                }
                CompletableFuture<AccessToken> fresh = new CompletableFuture<>();
                if (fetching.compareAndSet(null, fresh)) {
                    lastAttemptNanos = System.nanoTime();
                    credential.getToken(request).toFuture().whenComplete((t, failure) -> {
                        if (failure == null && t != null) {
                            token.set(t);
                        }
                        fetching.set(null);
                        if (failure != null) {
                            fresh.completeExceptionally(failure);
                        } else if (t == null) {
                            fresh.completeExceptionally(new IllegalStateException("The credential returned no token"));
                        } else {
                            fresh.complete(t);
                        }
                    });
                    return fresh;
                }
            }
        }

        void refreshInBackground(TokenRequestContext request) {
            if (fetching.get() != null || System.nanoTime() - lastAttemptNanos < RETRY_DELAY.toNanos()) {
                return;
            }
            fetch(request).whenComplete((t, failure) -> {
                if (failure != null) {
                    AccessToken held = token.get();
                    LOG.warnf("Refreshing the token for %s ahead of its expiry failed (%s); the current token stays "
                            + "in use until %s, and the refresh is tried again", request.getScopes(),
                            failure.getClass().getSimpleName(), held == null ? "unknown" : held.getExpiresAt());
                }
            });
        }
    }
}
