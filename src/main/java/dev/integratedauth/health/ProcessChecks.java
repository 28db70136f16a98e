package dev.integratedauth.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/live} and {@code /q/health/started}: the process answers, so it is alive and has started. Neither
 * depends on Azure: a Key Vault or queue outage must make the replica not ready, never restart it.
 */
@ApplicationScoped
public class ProcessChecks {

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("alive");
    }

    @Produces
    @Startup
    @ApplicationScoped
    HealthCheck started() {
        return () -> HealthCheckResponse.up("started");
    }
}
