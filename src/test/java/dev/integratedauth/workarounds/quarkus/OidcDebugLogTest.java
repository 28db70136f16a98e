package dev.integratedauth.workarounds.quarkus;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary of {@link OidcDebugLog}: jose4j, which quarkus-oidc checks tokens with, still quotes a refused token's claims
 * in its exception message (which quarkus-oidc logs at DEBUG). That the filter works is LogHygiene's part, after
 * CallerAuthenticationTest refuses every kind of bad token with DEBUG on.
 */
class OidcDebugLogTest {

    @Test
    void jose4jStillQuotesTheTokenInItsMessages() throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setAudience("another-api");
        claims.setClaim("oid", "canary-object-id");
        claims.setExpirationTimeMinutesInTheFuture(5);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        String token = jws.getCompactSerialization();
        JwtConsumer consumer = new JwtConsumerBuilder().setExpectedAudience("the-api").setDisableRequireSignature()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS).build();

        InvalidJwtException refused = assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(token));

        assertTrue(refused.getMessage().contains("canary-object-id"), "jose4j no longer quotes a refused token's "
                + "claims: check quarkus-oidc's DEBUG lines, and remove OidcDebugLog if they carry no token");
    }
}
