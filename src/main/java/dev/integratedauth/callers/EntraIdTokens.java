package dev.integratedauth.callers;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.OidcTenantConfigBuilder;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Roles.Source;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Which bearer tokens quarkus-oidc accepts, from {@link AuthConfig}: Entra ID's v2 tokens of the API's tenant
 * (issuer and signing keys from {@code <authority>/<tenant>/v2.0/.well-known/openid-configuration}), for the API
 * ({@code aud} its client id or identifier URI), with {@code tid} the tenant, and app roles in {@code roles}. Signature,
 * algorithm (RS256, never {@code none}), expiry, issuer and audience are quarkus-oidc's checks; nothing here parses a
 * token.
 */
@ApplicationScoped
class EntraIdTokens {

    void configure(@Observes Oidc oidc, AuthConfig auth) {
        if (!auth.enabled()) {
            oidc.create(OidcTenantConfig.builder().disableTenant().build());
            return;
        }
        String tenant = required(auth.tenantId().filter(v -> !v.isBlank()), "AUTH_TENANT_ID (app.auth.tenant-id)");
        String clientId = required(auth.clientId().filter(v -> !v.isBlank()), "AUTH_CLIENT_ID (app.auth.client-id)");
        List<String> audiences = new ArrayList<>(List.of(clientId));
        auth.appIdUri().filter(v -> !v.isBlank()).ifPresent(audiences::add);
        OidcTenantConfigBuilder tenantConfig = OidcTenantConfig
                .authServerUrl(trimSlash(auth.authorityHost()) + "/" + tenant + "/v2.0")
                .applicationType(ApplicationType.SERVICE)
                .clientId(clientId)
                .roles(Source.accesstoken, "roles")
                .token()
                    .audience(audiences)
                    .requiredClaims("tid", tenant)
                    // Entra publishes no introspection endpoint: a token whose key is unknown is refused.
                    .allowJwtIntrospection(false)
                    .allowOpaqueTokenIntrospection(false)
                    .end();
        auth.tlsConfigurationName().ifPresent(tenantConfig::tlsConfigurationName);
        oidc.create(tenantConfig.build());
    }

    private static String required(java.util.Optional<String> value, String name) {
        return value.orElseThrow(() -> new ConfigurationException(name + " is not set: set it to the API's app "
                + "registration (docs/configuration.md), or AUTH_ENABLED=false to let anyone call the API"));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
