package dev.integratedauth.randomnumber;

import java.time.Duration;

import dev.integratedauth.common.RetryLater;

/**
 * The API key could not be had from Key Vault: the read failed, or was not done in time. Its cause says which;
 * {@link #retryIn()} says when the next read is due.
 */
public final class KeyUnavailableException extends RuntimeException implements RetryLater {

    private final Duration retryIn;

    KeyUnavailableException(Throwable cause, Duration retryIn) {
        super("The third-party API key is not available", cause, false, false);
        this.retryIn = retryIn;
    }

    @Override
    public Duration retryIn() {
        return retryIn;
    }
}
