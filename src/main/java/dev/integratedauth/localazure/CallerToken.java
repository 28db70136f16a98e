package dev.integratedauth.localazure;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.integratedauth.callers.Roles;

/**
 * An access token for the service's API, as the local Entra would issue it to a caller app with client credentials: v2,
 * signed with the tenant's current key, {@code aud} the API's client id, the tenant's issuer and {@code tid}, the
 * caller's {@code oid} and {@code azp}, both of the API's roles, valid for an hour. Each setter spoils or changes one
 * thing, for tests of what the service accepts; {@link #mint()} signs it.
 */
public final class CallerToken {

    private final LocalTokens tokens;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String algorithm = "RS256";
    private PrivateKey foreignKey;

    CallerToken(LocalTokens tokens) {
        this.tokens = tokens;
        long now = Instant.now().getEpochSecond();
        claims.put("aud", LocalAzureEndpoints.API_CLIENT_ID);
        claims.put("iss", tokens.issuerV2());
        claims.put("iat", now - 60);
        claims.put("nbf", now - 60);
        claims.put("exp", now + tokens.lifetimeSeconds());
        claims.put("azp", LocalAzureEndpoints.CALLER_CLIENT_ID);
        claims.put("azpacr", "1");
        claims.put("idtyp", "app");
        claims.put("oid", LocalAzureEndpoints.CALLER_OBJECT_ID);
        claims.put("roles", List.of(Roles.ISSUE, Roles.VERIFY));
        claims.put("sub", LocalAzureEndpoints.CALLER_OBJECT_ID);
        claims.put("tid", tokens.tenantId());
        claims.put("uti", UUID.randomUUID().toString());
        claims.put("ver", "2.0");
    }

    /** Only these roles (none: a caller no one granted anything). */
    public CallerToken roles(String... roles) {
        claims.put("roles", List.of(roles));
        return this;
    }

    /** Another caller: its service principal's object id (and subject). */
    public CallerToken caller(String objectId) {
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        return this;
    }

    /** Another client app ({@code azp}). */
    public CallerToken clientApp(String clientId) {
        claims.put("azp", clientId);
        return this;
    }

    public CallerToken audience(String audience) {
        claims.put("aud", audience);
        return this;
    }

    public CallerToken issuer(String issuer) {
        claims.put("iss", issuer);
        return this;
    }

    /** Another tenant in {@code tid}, the issuer left as it is. */
    public CallerToken tenant(String tenantId) {
        claims.put("tid", tenantId);
        return this;
    }

    /** Valid for this long from now; negative: expired that long ago. */
    public CallerToken validFor(Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        claims.put("exp", now + lifetime.toSeconds());
        if (lifetime.isNegative()) {
            claims.put("iat", now + lifetime.toSeconds() - 3600);
            claims.put("nbf", now + lifetime.toSeconds() - 3600);
        }
        return this;
    }

    /** Signed with a key the tenant does not publish, under the name of the one it does. */
    public CallerToken signedByStranger() {
        foreignKey = LocalTokens.strangerKey();
        return this;
    }

    /** {@code alg: none}, no signature. */
    public CallerToken unsigned() {
        algorithm = "none";
        return this;
    }

    /** The signed token. */
    public String mint() {
        if ("none".equals(algorithm)) {
            return tokens.sign(claims, "none", null, null);
        }
        return foreignKey == null ? tokens.sign(claims)
                : tokens.sign(claims, algorithm, tokens.currentKeyId(), foreignKey);
    }
}
