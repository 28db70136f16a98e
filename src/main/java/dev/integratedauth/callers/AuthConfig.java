package dev.integratedauth.callers;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the API: callers present an Entra ID access token issued for the API's app registration, in its tenant
 * ({@link EntraIdTokens} turns this into quarkus-oidc's settings). application.properties binds the environment's
 * {@code AUTH_*} variables; the local Azure sets all of them in dev mode and tests.
 */
@ConfigMapping(prefix = "app.auth")
public interface AuthConfig {

    /**
     * {@code AUTH_ENABLED}: callers must authenticate (its default, {@code true}, is in application.properties with the
     * binding). Off, anyone may call and spend the API's quota; budgets then go by client address
     * ({@link CallersConfig#forwardedHops()}).
     */
    boolean enabled();

    /** {@code AUTH_TENANT_ID}: the tenant of the API's app registration; tokens from any other tenant are refused. */
    Optional<String> tenantId();

    /**
     * {@code AUTH_CLIENT_ID}: the application (client) id of the API's app registration, the {@code aud} of the v2
     * tokens Entra issues for it.
     */
    Optional<String> clientId();

    /** {@code AUTH_APP_ID_URI}: its identifier URI ({@code api://...}), also accepted as {@code aud}. */
    Optional<String> appIdUri();

    /** Where Entra is: another cloud's (e.g. {@code https://login.microsoftonline.us}), or the local Azure. */
    @WithDefault("https://login.microsoftonline.com")
    String authorityHost();

    /**
     * Name of a Quarkus TLS configuration whose trust store the token-key fetches use instead of the JVM's: only the
     * local Azure sets it.
     */
    Optional<String> tlsConfigurationName();
}
