package dev.integratedauth.testing;

import java.util.Map;

/**
 * The service with the consumer of code-requests running, codes valid for 6 seconds and quick loops: what the
 * life-cycle tests share (one start for all of them).
 */
public class ConsumerRunning extends OwnLocalAzure {

    public static final java.time.Duration VALIDITY = java.time.Duration.ofSeconds(6);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "app.consumer.enabled", "true",
                "app.codes.validity", VALIDITY.toSeconds() + "s",
                // A message that is not a code reappears after 2 s and is moved at its second receive.
                "app.consumer.visibility-timeout", "2s",
                "app.consumer.max-dequeue-count", "2",
                "app.consumer.idle.initial-backoff", "50ms",
                "app.consumer.idle.max-backoff", "200ms",
                "app.consumer.failing.initial-backoff", "100ms",
                "app.consumer.failing.max-backoff", "500ms");
    }
}
