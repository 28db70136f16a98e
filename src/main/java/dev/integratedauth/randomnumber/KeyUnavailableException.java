package dev.integratedauth.randomnumber;

/** The API key could not be had from Key Vault: the read failed, or was not done in time. Its cause says which. */
public final class KeyUnavailableException extends RuntimeException {

    KeyUnavailableException(Throwable cause) {
        super("The third-party API key is not available", cause, false, false);
    }
}
