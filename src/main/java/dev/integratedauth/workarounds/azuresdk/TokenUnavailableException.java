package dev.integratedauth.workarounds.azuresdk;

import java.time.Duration;

import com.azure.core.exception.ClientAuthenticationException;

import dev.integratedauth.common.RetryLater;

/**
 * No token can be had now: the credential's latest attempt failed, and the next is due in {@link #retryIn()}
 * ({@link BackgroundTokenRefresh}). Nothing was sent, so it has no response and no cause.
 */
public final class TokenUnavailableException extends ClientAuthenticationException implements RetryLater {

    private final long dueAtNanos;

    TokenUnavailableException(String message, long dueAtNanos) {
        super(message, null);
        this.dueAtNanos = dueAtNanos;
    }

    @Override
    public Duration retryIn() {
        return Duration.ofNanos(Math.max(0, dueAtNanos - System.nanoTime()));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // one per request while the endpoint fails: its stack says nothing
    }
}
