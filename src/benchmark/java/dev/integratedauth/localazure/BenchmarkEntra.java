package dev.integratedauth.localazure;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local Entra as the benchmark's stubs serve it: the tenant's OpenID configuration and signing keys (what the
 * service's quarkus-oidc reads), and callers' access tokens for the load generator, signed with the same key. Here,
 * beside the local Azure's package-private classes, so that the benchmark issues exactly the tokens the tests do.
 * The key is the build's {@code local-entra.p12} in the TLS directory, or a new one held in memory.
 */
public final class BenchmarkEntra {

    /** Longer than any benchmark run. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final LocalTokens tokens;

    public BenchmarkEntra(String authorityHost, Path tlsDirectory) {
        this.tokens = new LocalTokens(LocalAzureEndpoints.TENANT_ID, authorityHost, LocalTls.in(tlsDirectory));
    }

    /** The path of the tenant's OpenID configuration, and of its keys, below the authority host. */
    public static String openIdConfigurationPath() {
        return "/" + LocalAzureEndpoints.TENANT_ID + LocalTokens.OPENID_CONFIGURATION;
    }

    public static String keysPath() {
        return "/" + LocalAzureEndpoints.TENANT_ID + LocalTokens.KEYS;
    }

    public String openIdConfiguration() {
        return tokens.openIdConfiguration();
    }

    public String keys() {
        return tokens.jwks();
    }

    /** The access token of caller number {@code n}: its own object id, both of the API's roles. */
    public String callerToken(int n) {
        String objectId = String.format("0b1ec7ed-0000-4000-8000-%012x", n);
        return new CallerToken(tokens).caller(objectId).validFor(TOKEN_LIFETIME).mint();
    }
}
