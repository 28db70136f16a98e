package dev.integratedauth.randomnumber;

/**
 * The third-party API key, as read from Key Vault. Lives only in memory; {@link #toString()} never shows it, so a stray
 * log statement or exception message cannot leak it.
 */
public record ThirdPartyApiKey(String value) {

    @Override
    public String toString() {
        return "ThirdPartyApiKey[redacted]";
    }
}
