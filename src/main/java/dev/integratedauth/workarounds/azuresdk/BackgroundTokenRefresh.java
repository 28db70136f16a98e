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

import dev.integratedauth.common.Backoff;
import dev.integratedauth.common.Retry;

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
 * Without a valid token (none yet, or the one held expired) a request waits for the attempt under way, shared by
 * concurrent callers, as long as the latest attempt did not fail. Once it failed, a request that needs a token fails at
 * once with {@link TokenUnavailableException}, which says when the next attempt is due: while the identity endpoint
 * refuses connections or hangs (Container Apps' identity sidecar comes up after the app), callers get their 503 at
 * once instead of waiting for attempts that fail. A request that finds the next attempt due starts it in the
 * background, one at a time, paced by {@code pacing} (jittered, bounded), so the endpoint is asked a few times a
 * second at most, and the first attempt that succeeds ends the outage. One WARN when a resource's attempts start
 * failing, one INFO when one succeeds again; no token in either.
 * <p>
 * Requests with claims (a continuous-access-evaluation challenge) always go to the credential: they must not get a
 * cached token.
 * <p>
 * <b>Workaround</b> (docs/workarounds.md) of azure-core 1.58.1 ({@code AccessTokenCache}); upstream: by design (refresh
 * on the request that notices, and every caller without a token waits for an attempt). No canary: a behaviour, not a
 * bug; keep while a refresh or a failing endpoint can hold a request.
 */
public final class BackgroundTokenRefresh implements TokenCredential {

    /** The same offset as azure-core's cache: a refresh starts when this little of the token's life is left. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
    /** A failed refresh of a token still valid is tried again at most this often (azure-core waits as long). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(BackgroundTokenRefresh.class);

    private final TokenCredential credential;
    private final Retry pacing;
    private final Duration attemptTimeout;
    private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param pacing the waits between attempts while no token can be had (its {@code max-retries} is not used: the
     *        attempts go on while requests need a token)
     * @param attemptTimeout how long one attempt may take before it counts as failed (a hanging endpoint)
     */
    public BackgroundTokenRefresh(TokenCredential credential, Retry pacing, Duration attemptTimeout) {
        this.credential = Objects.requireNonNull(credential);
        this.pacing = Objects.requireNonNull(pacing);
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        if (request.getClaims() != null) {
            return credential.getToken(request);
        }
        Slot slot = slot(request);
        AccessToken held = slot.heldRefreshingAhead(request);
        return held != null ? Mono.just(held) : Mono.defer(() -> slot.obtain(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        if (request.getClaims() != null) {
            return credential.getTokenSync(request);
        }
        Slot slot = slot(request);
        AccessToken held = slot.heldRefreshingAhead(request);
        return held != null ? held : slot.obtain(request).block();
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

    /** One resource's token, the one attempt under way for it, and whether the latest attempt failed. */
    private final class Slot {
        final AtomicReference<AccessToken> token = new AtomicReference<>();
        // The rest is guarded by this slot's monitor.
        final Backoff waits = new Backoff(pacing);
        CompletableFuture<AccessToken> fetching;
        long lastAttemptNanos = System.nanoTime() - RETRY_DELAY.toNanos();
        boolean failing;
        /** The latest attempt failed (with or without a valid token held): for the WARN and INFO lines. */
        boolean refreshFailed;
        String lastFailure;
        long nextAttemptNanos;

        /** The token held if it is still valid (starting its refresh when it is due), else null. */
        AccessToken heldRefreshingAhead(TokenRequestContext request) {
            AccessToken held = token.get();
            if (held == null || held.isExpired()) {
                return null;
            }
            if (isDueForRefresh(held)) {
                synchronized (this) {
                    if (fetching == null && System.nanoTime() - lastAttemptNanos >= RETRY_DELAY.toNanos()) {
                        fetch(request);
                    }
                }
            }
            return held;
        }

        /**
         * No valid token: the attempt under way (or a new one) while attempts succeed; once the latest failed, a
         * failure at once, starting the next attempt in the background when it is due.
         */
        synchronized Mono<AccessToken> obtain(TokenRequestContext request) {
            AccessToken held = token.get();
            if (held != null && !held.isExpired()) {
                return Mono.just(held); // an attempt succeeded since the caller looked
            }
            if (!failing) {
                return Mono.fromFuture(fetch(request).copy());
            }
            long now = System.nanoTime();
            if (fetching == null && now - nextAttemptNanos >= 0) {
                fetch(request);
                nextAttemptNanos = now + waits.next().toNanos(); // no second attempt while this one runs or hangs
            }
            TokenUnavailableException unavailable = new TokenUnavailableException("No token for "
                    + request.getScopes() + ": the latest attempt failed (" + lastFailure + ")", nextAttemptNanos);
            if (fetching == null) {
                return Mono.error(unavailable);
            }
            // An attempt is under way: a refused one fails in moments, a successful one ends the outage for this
            // request too; a hanging one is not waited for longer than the shortest pause between attempts.
            return Mono.fromFuture(fetching.copy()).timeout(pacing.initialBackoff())
                    .onErrorMap(failure -> unavailable);
        }

        /** The attempt under way, or a new one. Called holding the monitor. */
        CompletableFuture<AccessToken> fetch(TokenRequestContext request) {
            if (fetching != null) {
                return fetching;
            }
            CompletableFuture<AccessToken> attempt = new CompletableFuture<>();
            fetching = attempt;
            lastAttemptNanos = System.nanoTime();
            credential.getToken(request).timeout(attemptTimeout).toFuture().whenComplete((t, failure) -> {
                Throwable outcome = failure != null ? failure
                        : t == null ? new IllegalStateException("The credential returned no token") : null;
                finished(request, attempt, t, outcome);
                if (outcome != null) {
                    attempt.completeExceptionally(outcome);
                } else {
                    attempt.complete(t);
                }
            });
            return attempt;
        }

        private void finished(TokenRequestContext request, CompletableFuture<AccessToken> attempt, AccessToken t,
                Throwable failure) {
            boolean recovered;
            boolean startsFailing;
            AccessToken held;
            synchronized (this) {
                if (fetching == attempt) {
                    fetching = null;
                }
                recovered = failure == null && (failing || refreshFailed);
                startsFailing = failure != null && !failing && !refreshFailed;
                refreshFailed = failure != null;
                if (failure == null) {
                    token.set(t);
                    failing = false;
                    waits.reset();
                } else {
                    AccessToken current = token.get();
                    // A refresh ahead of expiry that fails leaves a valid token in use: nothing fails yet.
                    failing = current == null || current.isExpired();
                    lastFailure = failure.getClass().getSimpleName();
                    long due = System.nanoTime() + waits.next().toNanos();
                    nextAttemptNanos = Math.max(nextAttemptNanos, due);
                }
                held = token.get();
            }
            if (recovered) {
                LOG.infof("Token for %s obtained again", request.getScopes());
            } else if (startsFailing) {
                if (held != null && !held.isExpired()) {
                    LOG.warnf("Refreshing the token for %s ahead of its expiry failed (%s); the current token stays in "
                            + "use until %s, and the refresh is tried again", request.getScopes(),
                            failure.getClass().getSimpleName(), held.getExpiresAt());
                } else {
                    LOG.warnf("No token for %s (%s); calls that need one fail at once until an attempt succeeds, "
                            + "tried again at most every %s", request.getScopes(), failure.getClass().getSimpleName(),
                            pacing.maxBackoff());
                }
            }
        }
    }
}
