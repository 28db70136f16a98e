package dev.integratedauth.randomnumber;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The RandomNumber API. Its URL ({@code THIRD_PARTY_API_ENDPOINT}) and its connect and read timeouts are the REST
 * client's own settings, {@code quarkus.rest-client.random-number.*}, in application.properties.
 */
@ConfigMapping(prefix = "app.third-party")
public interface RandomNumberConfig {

    /** {@code THIRD_PARTY_API_ENDPOINT}: the full URL of the RandomNumber function. */
    String endpoint();

    Retry retry();

    /**
     * The largest answer (body, error bodies included) read from the API; a larger one is cut off while it arrives
     * and the call fails (502). The API answers {@code {"value": 123}}.
     */
    @WithDefault("64K")
    MemorySize maxResponseSize();

    interface Retry {
        /** Further tries after a connection failure or a 5xx/429; never after a read timeout or a 4xx. */
        @WithDefault("2")
        int maxRetries();

        /** First back-off; it doubles up to {@link #maxBackoff()}, with jitter. */
        @WithDefault("50ms")
        Duration initialBackoff();

        @WithDefault("500ms")
        Duration maxBackoff();
    }
}
