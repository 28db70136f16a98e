package dev.integratedauth.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.integratedauth.randomnumber.ThirdPartyApiKeyHolder;

/**
 * {@code /q/health/ready}: ready when the third-party API key is in memory and the queue was not failing recently. Both
 * checks read state in memory only: a probe never calls Key Vault or Queue Storage, and never shows the key.
 */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck thirdPartyApiKey(ThirdPartyApiKeyHolder keys) {
        return () -> HealthCheckResponse.named("third-party-api-key")
                .status(keys.isLoaded())
                .withData("loaded", keys.isLoaded())
                .build();
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck queue(QueueReachability queue) {
        return () -> {
            QueueReachability.State state = queue.state();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("queue")
                    .status(state.reachable())
                    .withData("consecutiveFailedSends", state.consecutiveFailures());
            if (state.lastSuccess() != null) {
                response.withData("lastSuccessfulSend", state.lastSuccess().toString());
            }
            if (state.lastFailure() != null) {
                response.withData("lastFailedSend", state.lastFailure().toString());
            }
            return response.build();
        };
    }
}
