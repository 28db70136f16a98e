package dev.integratedauth.randomnumber;

import java.time.Duration;
import java.util.Optional;

import dev.integratedauth.common.Retry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The RandomNumber API and its key. The API's URL, connect and read timeouts are the REST client's own settings
 * ({@code quarkus.rest-client.random-number.*}); the vault the key is read from is {@code app.azure.key-vault.url}.
 */
@ConfigMapping(prefix = "app.third-party")
public interface RandomNumberConfig {

    /** {@code THIRD_PARTY_API_ENDPOINT}: the full URL of the RandomNumber function. */
    String endpoint();

    /** Further tries after a connection failure or a 5xx/429; never after a read timeout or a 4xx. */
    ApiRetry retry();

    /**
     * The largest answer (body, error bodies included) read from the API; a larger one is cut off while it arrives and
     * the call fails (502). The API answers {@code {"value": 123}}.
     */
    @WithDefault("64K")
    MemorySize maxResponseSize();

    Key key();

    interface ApiRetry extends Retry {
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

    /** The API key's life in memory. */
    interface Key {
        /** {@code THIRD_PARTY_API_SECRET_NAME}: the Key Vault secret that holds the key ({@code third-party-api-key}). */
        String secretName();

        /**
         * When the API refuses the key, it is read again, but at most once in this interval: a key that is wrong in Key
         * Vault too must not turn every request into a Key Vault read. Short, so that a second rotation soon after a
         * first costs seconds of 502s, not half a minute.
         */
        @WithDefault("5s")
        Duration minRefreshInterval();

        /**
         * How long a request waits for a Key Vault read under way before it answers 503 key-unavailable (the read goes
         * on for the next requests). Without it a read that cannot get a token outlasts the request's deadline, and
         * callers get 504 instead of the key's own answer.
         */
        @WithDefault("5s")
        Duration maxWait();

        /** Read the key again this often (off by default: it is read again when the API refuses it). */
        Optional<Duration> refreshInterval();

        /** The read at boot, tried again while Key Vault is unavailable, until it succeeds. */
        WarmUp warmUp();
    }

    interface WarmUp extends Retry {
        @Override
        @WithDefault("-1")
        int maxRetries();

        @Override
        @WithDefault("1s")
        Duration initialBackoff();

        @Override
        @WithDefault("30s")
        Duration maxBackoff();
    }
}
