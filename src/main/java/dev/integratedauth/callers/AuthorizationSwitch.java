package dev.integratedauth.callers;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;

import io.quarkus.security.spi.runtime.AuthorizationController;

/**
 * {@code AUTH_ENABLED=false} lifts the resources' {@code @RolesAllowed}: Quarkus's documented switch for turning
 * authorization off at run time.
 */
@Alternative
@Priority(Interceptor.Priority.LIBRARY_AFTER)
@ApplicationScoped
class AuthorizationSwitch extends AuthorizationController {

    private final boolean enabled;

    AuthorizationSwitch(AuthConfig auth) {
        this.enabled = auth.enabled();
    }

    @Override
    public boolean isAuthorizationEnabled() {
        return enabled;
    }
}
