package dev.integratedauth.testing;

import java.util.Map;

/**
 * Generous time limits for tests whose subject is not time (e.g. how many Key Vault reads 100 concurrent first
 * requests cause): a cold JVM on a busy 2-core machine must not turn them into deadline tests.
 */
public final class Patient {

    public static final Map<String, String> TIME_LIMITS = Map.of(
            "app.codes.deadline", "60s",
            "app.azure.queue.send-timeout", "30s",
            "app.azure.http.response-timeout", "30s",
            "quarkus.rest-client.random-number.read-timeout", "30000",
            "quarkus.rest-client.random-number.connect-timeout", "30000");

    private Patient() {
    }
}
